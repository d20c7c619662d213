// Self-test of ../include/srtp.h (libsrtp 3 API over Debian's libsrtp2).
// build-worker.sh compiles it with AddressSanitizer/UBSan and runs it before
// the (slow) worker build, so a broken adapter fails in seconds.
// Covers every profile mediasoup offers: RTP and RTCP round trips (in place and
// out of place), buffer_small with untouched output, tamper -> auth_fail,
// replay -> replay_fail, wrong key length / MKI / NULL profile refused.
#include <srtp.h>

#include <arpa/inet.h> // htonl
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

static int failures = 0;

#define CHECK(cond)                                                                               \
	do                                                                                              \
	{                                                                                               \
		if (!(cond))                                                                                  \
		{                                                                                             \
			std::fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                       \
			++failures;                                                                                 \
		}                                                                                             \
	} while (0)

static srtp_t MakeSession(srtp_profile_t profile, srtp_ssrc_type_t type, const uint8_t* keySalt)
{
	srtp_policy_t policy{ nullptr };
	CHECK(srtp_policy_create(&policy) == srtp_err_status_ok);
	srtp_ssrc_t ssrc{};
	ssrc.type = type;
	CHECK(srtp_policy_set_ssrc(policy, ssrc) == srtp_err_status_ok);
	CHECK(srtp_policy_set_profile(policy, profile) == srtp_err_status_ok);
	const size_t keyLen  = srtp_profile_get_master_key_length(profile);
	const size_t saltLen = srtp_profile_get_master_salt_length(profile);
	CHECK(
	  srtp_policy_add_key(policy, keySalt, keyLen, keySalt + keyLen, saltLen, nullptr, 0) ==
	  srtp_err_status_ok);
	// A second key (or an MKI) is refused.
	CHECK(
	  srtp_policy_add_key(policy, keySalt, keyLen, keySalt + keyLen, saltLen, nullptr, 0) ==
	  srtp_err_status_bad_param);
	CHECK(srtp_policy_set_allow_repeat_tx(policy, true) == srtp_err_status_ok);
	CHECK(srtp_policy_set_window_size(policy, 1024) == srtp_err_status_ok);
	srtp_t session{ nullptr };
	CHECK(srtp_create(&session, policy) == srtp_err_status_ok);
	srtp_policy_destroy(policy); // as mediasoup does: right after srtp_create()
	CHECK(session != nullptr);
	return session;
}

static std::vector<uint8_t> RtpPacket(uint16_t seq, size_t payloadLen)
{
	std::vector<uint8_t> p(12 + payloadLen);
	p[0] = 0x80; // V=2
	p[1] = 101;  // PT
	p[2] = seq >> 8;
	p[3] = seq & 0xff;
	p[8] = 0x00; p[9] = 0x00; p[10] = 0x04; p[11] = 0x57; // SSRC 1111
	for (size_t i = 0; i < payloadLen; ++i)
		p[12 + i] = static_cast<uint8_t>(i * 7 + 3);
	return p;
}

static std::vector<uint8_t> RtcpReceiverReport()
{
	// RR with no report blocks: V=2 RC=0 PT=201 length=1 SSRC=1111.
	return { 0x80, 201, 0x00, 0x01, 0x00, 0x00, 0x04, 0x57 };
}

static void TestProfile(srtp_profile_t profile, const char* name)
{
	uint8_t keySalt[SRTP_MAX_KEY_LEN];
	for (size_t i = 0; i < sizeof(keySalt); ++i)
		keySalt[i] = static_cast<uint8_t>(0x5a ^ (i * 13));

	srtp_t tx = MakeSession(profile, ssrc_any_outbound, keySalt);
	srtp_t rx = MakeSession(profile, ssrc_any_inbound, keySalt);
	const int before = failures;

	for (uint16_t seq = 1; seq <= 3; ++seq)
	{
		auto rtp = RtpPacket(seq, 100 + seq);
		const size_t trailer = SRTP_MAX_TRAILER_LEN;

		// Too small output buffer: buffer_small, nothing written.
		std::vector<uint8_t> small(rtp.size() + trailer - 1, 0xee);
		size_t smallLen = small.size();
		CHECK(
		  srtp_protect(tx, rtp.data(), rtp.size(), small.data(), &smallLen, 0) ==
		  srtp_err_status_buffer_small);
		CHECK(smallLen == small.size());
		bool untouched = true;
		for (auto b : small)
			untouched = untouched && b == 0xee;
		CHECK(untouched);

		// MKI index other than 0 is refused.
		std::vector<uint8_t> out(rtp.size() + trailer);
		size_t outLen = out.size();
		CHECK(srtp_protect(tx, rtp.data(), rtp.size(), out.data(), &outLen, 1) == srtp_err_status_bad_param);

		// Out of place protect into an exactly sized buffer.
		outLen = out.size();
		CHECK(srtp_protect(tx, rtp.data(), rtp.size(), out.data(), &outLen, 0) == srtp_err_status_ok);
		CHECK(outLen > rtp.size() && outLen <= rtp.size() + trailer);
		CHECK(std::memcmp(out.data() + 12, rtp.data() + 12, rtp.size() - 12) != 0); // encrypted

		// Tampered copy: authentication failure (and no length change).
		std::vector<uint8_t> bad(out.begin(), out.begin() + outLen);
		bad[20] ^= 0x01;
		size_t badLen = bad.size();
		CHECK(srtp_unprotect(rx, bad.data(), bad.size(), bad.data(), &badLen) == srtp_err_status_auth_fail);

		// Unprotect: output smaller than the SRTP packet is refused.
		std::vector<uint8_t> dec(outLen - 1);
		size_t decLen = dec.size();
		CHECK(srtp_unprotect(rx, out.data(), outLen, dec.data(), &decLen) == srtp_err_status_buffer_small);

		// In place unprotect, as mediasoup does.
		size_t rtpLen = outLen;
		CHECK(srtp_unprotect(rx, out.data(), outLen, out.data(), &rtpLen) == srtp_err_status_ok);
		CHECK(rtpLen == rtp.size());
		CHECK(std::memcmp(out.data(), rtp.data(), rtp.size()) == 0);

		// Replay of the same packet is rejected.
		std::vector<uint8_t> again(rtp.size() + trailer);
		size_t againLen = again.size();
		// Re-protect the same seq (allow_repeat_tx) and try to unprotect twice.
		CHECK(srtp_protect(tx, rtp.data(), rtp.size(), again.data(), &againLen, 0) == srtp_err_status_ok);
		size_t l = againLen;
		CHECK(srtp_unprotect(rx, again.data(), againLen, again.data(), &l) == srtp_err_status_replay_fail);
	}

	for (int i = 0; i < 3; ++i)
	{
		auto rtcp = RtcpReceiverReport();
		const size_t trailer = SRTP_MAX_TRAILER_LEN + 4;
		std::vector<uint8_t> small(rtcp.size() + trailer - 1);
		size_t smallLen = small.size();
		CHECK(
		  srtp_protect_rtcp(tx, rtcp.data(), rtcp.size(), small.data(), &smallLen, 0) ==
		  srtp_err_status_buffer_small);

		// In place protect (input lives at the start of a big enough buffer).
		std::vector<uint8_t> buf(rtcp.size() + trailer);
		std::memcpy(buf.data(), rtcp.data(), rtcp.size());
		size_t len = buf.size();
		CHECK(srtp_protect_rtcp(tx, buf.data(), rtcp.size(), buf.data(), &len, 0) == srtp_err_status_ok);
		CHECK(len > rtcp.size() + 4);

		// Corrupted copy (before the real one is seen, so no replay): auth_fail.
		std::vector<uint8_t> bad(buf.begin(), buf.begin() + len);
		bad[4] ^= 0x01; // inside the authenticated SSRC field
		size_t badLen = bad.size();
		CHECK(srtp_unprotect_rtcp(rx, bad.data(), bad.size(), bad.data(), &badLen) == srtp_err_status_auth_fail);

		std::vector<uint8_t> plain(len);
		size_t plainLen = plain.size();
		CHECK(srtp_unprotect_rtcp(rx, buf.data(), len, plain.data(), &plainLen) == srtp_err_status_ok);
		CHECK(plainLen == rtcp.size());
		CHECK(std::memcmp(plain.data(), rtcp.data(), rtcp.size()) == 0);

		// Replay of the same SRTCP packet is rejected.
		size_t l = len;
		CHECK(srtp_unprotect_rtcp(rx, buf.data(), len, buf.data(), &l) == srtp_err_status_replay_fail);
	}

	CHECK(srtp_stream_remove(rx, htonl(1111)) == srtp_err_status_ok);
	CHECK(srtp_dealloc(tx) == srtp_err_status_ok);
	CHECK(srtp_dealloc(rx) == srtp_err_status_ok);

	std::fprintf(stderr, "%s %s\n", failures == before ? "ok  " : "FAIL", name);
}

static void TestRefusals()
{
	const int before = failures;
	uint8_t key[64] = {};
	srtp_policy_t policy{ nullptr };
	CHECK(srtp_policy_create(&policy) == srtp_err_status_ok);
	srtp_ssrc_t ssrc{};
	ssrc.type = ssrc_any_inbound;
	srtp_t session{ nullptr };
	// Incomplete policy.
	CHECK(srtp_create(&session, policy) == srtp_err_status_bad_param);
	CHECK(srtp_policy_set_ssrc(policy, ssrc) == srtp_err_status_ok);
	// NULL cipher profiles are refused.
	CHECK(srtp_policy_set_profile(policy, srtp_profile_null_sha1_80) == srtp_err_status_bad_param);
	CHECK(srtp_policy_set_profile(policy, srtp_profile_aes128_cm_sha1_80) == srtp_err_status_ok);
	// MKI refused.
	const uint8_t mki[4] = { 1, 2, 3, 4 };
	CHECK(srtp_policy_add_key(policy, key, 16, key + 16, 14, mki, 4) == srtp_err_status_bad_param);
	// Too long key material refused.
	CHECK(srtp_policy_add_key(policy, key, 60, key, 14, nullptr, 0) == srtp_err_status_bad_param);
	// Wrong key length for the profile: accepted by add_key, refused by create.
	CHECK(srtp_policy_add_key(policy, key, 32, key + 32, 14, nullptr, 0) == srtp_err_status_ok);
	CHECK(srtp_create(&session, policy) == srtp_err_status_bad_param);
	CHECK(session == nullptr);
	CHECK(srtp_policy_set_window_size(policy, 10) == srtp_err_status_bad_param);
	srtp_policy_destroy(policy);
	std::fprintf(stderr, "%s refusals\n", failures == before ? "ok  " : "FAIL");
}

int main()
{
	if (srtp_init() != srtp_err_status_ok)
	{
		std::fprintf(stderr, "srtp_init failed\n");
		return 1;
	}

	std::fprintf(stderr, "libsrtp: %s\n", srtp_get_version_string());
	TestProfile(srtp_profile_aes128_cm_sha1_80, "AES_CM_128_HMAC_SHA1_80");
	TestProfile(srtp_profile_aes128_cm_sha1_32, "AES_CM_128_HMAC_SHA1_32");
	TestProfile(srtp_profile_aead_aes_128_gcm, "AEAD_AES_128_GCM");
	TestProfile(srtp_profile_aead_aes_256_gcm, "AEAD_AES_256_GCM");
	TestRefusals();
	srtp_shutdown();

	std::fprintf(stderr, "%s: %d failure(s)\n", failures == 0 ? "PASS" : "FAIL", failures);
	return failures == 0 ? 0 : 1;
}
