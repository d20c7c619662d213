// ClinicWall offline build: libsrtp 3 API (as used by mediasoup 3.27.1) on top
// of Debian 12's libsrtp 2.5 (<srtp2/srtp.h>, package libsrtp2-dev).
//
// WHY: mediasoup 3.27.1 bundles a libsrtp 3 beta and would download it at build
// time. Debian has no libsrtp 3, and the machine building ClinicWall has no
// internet. The cryptography stays entirely inside Debian's libsrtp2; this
// header only adapts calling conventions:
//
//   libsrtp 3 (what mediasoup calls)            libsrtp 2 (what runs)
//   ------------------------------------------  ------------------------------
//   opaque srtp_policy_t + srtp_policy_*()      struct policy filled by hand
//   srtp_create(srtp_t*, srtp_policy_t)         srtp_create(srtp_t*, policy*)
//   srtp_protect(ctx, in, in_len, out,          srtp_protect(ctx, buf, int*)
//                &out_len /*in: capacity*/, mki)   in place, may write
//                                                  SRTP_MAX_TRAILER_LEN octets
//                                                  past the packet (+4 RTCP)
//   srtp_unprotect(ctx, in, in_len, out, &len)  srtp_unprotect(ctx, buf, int*)
//   srtp_stream_remove()                        srtp_remove_stream()
//   srtp_err_status_buffer_small/_cryptex_err   (do not exist)
//
// SECURITY: every out-of-place call copies the input into the caller's output
// buffer and runs the in-place libsrtp2 function there, so the output buffer
// must be able to hold what libsrtp2 may write:
//   protect:        capacity >= in_len + SRTP_MAX_TRAILER_LEN     (RTP)
//                   capacity >= in_len + SRTP_MAX_TRAILER_LEN + 4 (RTCP)
//   unprotect:      capacity >= in_len
// otherwise srtp_err_status_buffer_small is returned and nothing is written.
// Lengths are size_t in v3 and int in v2: anything that does not fit in an int
// (with the trailer) is rejected with srtp_err_status_bad_param. Input and
// output may be the same buffer or overlap (memmove). These checks are
// stricter than libsrtp 3's exact-size ones (it knows the real tag length),
// never looser. Unsupported features are refused, not ignored: MKI (mki_len or
// mki_index != 0), more than one master key, and any profile other than the
// four mediasoup offers (no NULL-cipher profiles).
//
// Only mediasoup includes this header (as <srtp.h>). It is C++ only.
#ifndef CLINICWALL_SRTP3_OVER_SRTP2_H
#define CLINICWALL_SRTP3_OVER_SRTP2_H

#ifndef __cplusplus
#error "ClinicWall's libsrtp3-over-libsrtp2 adapter is C++ only"
#endif

// libsrtp2 names its policy *struct* srtp_policy_t; libsrtp 3 uses that name for
// an opaque pointer. Rename the v2 struct while including its header (this only
// changes a C type name, not any linker symbol).
#define srtp_policy_t clinicwall_srtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string.h> // explicit_bzero (glibc)

// ---------------------------------------------------------------------------
// Error codes added in libsrtp 3 (same numeric values as libsrtp 3's srtp.h).
// Debian's libsrtp2 never returns them; only this adapter does.
// ---------------------------------------------------------------------------
static_assert(
  srtp_err_status_pkt_idx_adv == 27,
  "unexpected libsrtp2 error enum: re-check the libsrtp 3 error code values below");

inline constexpr srtp_err_status_t srtp_err_status_buffer_small =
  static_cast<srtp_err_status_t>(28);
inline constexpr srtp_err_status_t srtp_err_status_cryptex_err =
  static_cast<srtp_err_status_t>(29);

// ---------------------------------------------------------------------------
// Opaque policy (libsrtp 3 style).
// ---------------------------------------------------------------------------
struct clinicwall_srtp3_policy
{
	clinicwall_srtp2_policy_t v2; // zero-initialised: no key, ssrc_undefined
	// libsrtp2 wants master key and master salt concatenated in one buffer.
	uint8_t keyAndSalt[SRTP_MAX_KEY_LEN];
	size_t masterKeyLen;  // 0 until srtp_policy_add_key() succeeded
	size_t masterSaltLen;
	bool profileSet;
	srtp_profile_t profile;
};

typedef clinicwall_srtp3_policy* srtp_policy_t;

inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
	if (policy == nullptr)
	{
		return srtp_err_status_bad_param;
	}

	*policy = nullptr;

	auto* p = new (std::nothrow) clinicwall_srtp3_policy{};

	if (p == nullptr)
	{
		return srtp_err_status_alloc_fail;
	}

	p->v2.ssrc.type = ssrc_undefined;
	*policy         = p;

	return srtp_err_status_ok;
}

inline void srtp_policy_destroy(srtp_policy_t policy)
{
	if (policy == nullptr)
	{
		return;
	}

	// Do not leave master keys in freed heap memory.
	explicit_bzero(policy->keyAndSalt, sizeof(policy->keyAndSalt));
	delete policy;
}

inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
	if (policy == nullptr)
	{
		return srtp_err_status_bad_param;
	}

	switch (ssrc.type)
	{
		case ssrc_specific:
		case ssrc_any_inbound:
		case ssrc_any_outbound:
		{
			policy->v2.ssrc = ssrc;

			return srtp_err_status_ok;
		}

		default:
		{
			return srtp_err_status_bad_param;
		}
	}
}

inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
	if (policy == nullptr)
	{
		return srtp_err_status_bad_param;
	}

	// Only the profiles mediasoup offers; in particular never a NULL cipher.
	switch (profile)
	{
		case srtp_profile_aes128_cm_sha1_80:
		case srtp_profile_aes128_cm_sha1_32:
		case srtp_profile_aead_aes_128_gcm:
		case srtp_profile_aead_aes_256_gcm:
		{
			break;
		}

		default:
		{
			return srtp_err_status_bad_param;
		}
	}

	srtp_crypto_policy_t rtp{};
	srtp_crypto_policy_t rtcp{};
	srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&rtp, profile);

	if (err != srtp_err_status_ok)
	{
		return err;
	}

	// For aes128_cm_sha1_32 libsrtp2 uses an 80-bit tag for RTCP (RFC 5764).
	err = srtp_crypto_policy_set_from_profile_for_rtcp(&rtcp, profile);

	if (err != srtp_err_status_ok)
	{
		return err;
	}

	policy->v2.rtp     = rtp;
	policy->v2.rtcp    = rtcp;
	policy->profile    = profile;
	policy->profileSet = true;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy,
  const uint8_t* key,
  size_t key_len,
  const uint8_t* salt,
  size_t salt_len,
  const uint8_t* mki,
  size_t mki_len)
{
	if (policy == nullptr || key == nullptr || key_len == 0 || (salt == nullptr && salt_len != 0))
	{
		return srtp_err_status_bad_param;
	}

	// MKI and multiple master keys are not needed by mediasoup: refuse them.
	if (mki != nullptr || mki_len != 0 || policy->masterKeyLen != 0)
	{
		return srtp_err_status_bad_param;
	}

	if (key_len > sizeof(policy->keyAndSalt) || salt_len > sizeof(policy->keyAndSalt) - key_len)
	{
		return srtp_err_status_bad_param;
	}

	std::memcpy(policy->keyAndSalt, key, key_len);

	if (salt_len != 0)
	{
		std::memcpy(policy->keyAndSalt + key_len, salt, salt_len);
	}

	policy->masterKeyLen  = key_len;
	policy->masterSaltLen = salt_len;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
	if (policy == nullptr)
	{
		return srtp_err_status_bad_param;
	}

	policy->v2.allow_repeat_tx = allow ? 1 : 0;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t window_size)
{
	// Same bounds libsrtp2's srtp_create() enforces (64 <= size < 0x8000).
	if (policy == nullptr || window_size < 64 || window_size >= 0x8000)
	{
		return srtp_err_status_bad_param;
	}

	policy->v2.window_size = static_cast<unsigned long>(window_size);

	return srtp_err_status_ok;
}

// libsrtp 3: srtp_create(srtp_t*, const srtp_policy_t). Overloads libsrtp2's
// extern "C" srtp_create(srtp_t*, const srtp_policy_t_v2*) by parameter type.
inline srtp_err_status_t srtp_create(srtp_t* session, const srtp_policy_t policy)
{
	if (session == nullptr || policy == nullptr)
	{
		return srtp_err_status_bad_param;
	}

	if (!policy->profileSet || policy->masterKeyLen == 0 || policy->v2.ssrc.type == ssrc_undefined)
	{
		return srtp_err_status_bad_param;
	}

	// The key material must match the profile exactly: libsrtp2 reads
	// cipher_key_len octets from the key buffer.
	const size_t keySaltLen = policy->masterKeyLen + policy->masterSaltLen;

	if (
	  policy->masterKeyLen != srtp_profile_get_master_key_length(policy->profile) ||
	  policy->masterSaltLen != srtp_profile_get_master_salt_length(policy->profile) ||
	  keySaltLen != static_cast<size_t>(policy->v2.rtp.cipher_key_len) ||
	  keySaltLen != static_cast<size_t>(policy->v2.rtcp.cipher_key_len))
	{
		return srtp_err_status_bad_param;
	}

	// libsrtp2 derives the session keys inside srtp_create() and keeps no
	// pointer into the policy, so the policy may be destroyed right after.
	clinicwall_srtp2_policy_t v2 = policy->v2;

	v2.key             = policy->keyAndSalt;
	v2.keys            = nullptr;
	v2.num_master_keys = 0;
	v2.deprecated_ekt  = nullptr;
	v2.enc_xtn_hdr     = nullptr;
	v2.enc_xtn_hdr_count = 0;
	v2.next            = nullptr;

	const srtp_err_status_t err = ::srtp_create(session, &v2);

	explicit_bzero(&v2, sizeof(v2));

	return err;
}

inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	if (session == nullptr)
	{
		return srtp_err_status_bad_param;
	}

	// Same convention in v2 and v3: ssrc in network byte order.
	return srtp_remove_stream(session, ssrc);
}

// ---------------------------------------------------------------------------
// Out-of-place protect / unprotect.
// ---------------------------------------------------------------------------
namespace clinicwall_srtp_adapter
{
	enum class Kind
	{
		RTP,
		RTCP
	};

	inline srtp_err_status_t Protect(
	  Kind kind,
	  srtp_t ctx,
	  const uint8_t* in,
	  size_t inLen,
	  uint8_t* out,
	  size_t* outLen,
	  size_t mkiIndex)
	{
		if (ctx == nullptr || in == nullptr || out == nullptr || outLen == nullptr)
		{
			return srtp_err_status_bad_param;
		}

		if (mkiIndex != 0)
		{
			return srtp_err_status_bad_param;
		}

		// What libsrtp2 may append in place (tag + MKI, +4 for the SRTCP index).
		const size_t maxTrailer =
		  static_cast<size_t>(SRTP_MAX_TRAILER_LEN) + (kind == Kind::RTCP ? 4u : 0u);

		if (inLen > static_cast<size_t>(INT_MAX) - maxTrailer)
		{
			return srtp_err_status_bad_param;
		}

		if (*outLen < inLen + maxTrailer)
		{
			return srtp_err_status_buffer_small;
		}

		if (out != in)
		{
			std::memmove(out, in, inLen);
		}

		int len = static_cast<int>(inLen);

		const srtp_err_status_t err =
		  kind == Kind::RTCP ? ::srtp_protect_rtcp(ctx, out, &len) : ::srtp_protect(ctx, out, &len);

		if (err != srtp_err_status_ok)
		{
			return err;
		}

		// Cannot happen given the checks above; refuse rather than trust it.
		if (len < 0 || static_cast<size_t>(len) > inLen + maxTrailer)
		{
			return srtp_err_status_fail;
		}

		*outLen = static_cast<size_t>(len);

		return srtp_err_status_ok;
	}

	inline srtp_err_status_t Unprotect(
	  Kind kind, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen)
	{
		if (ctx == nullptr || in == nullptr || out == nullptr || outLen == nullptr)
		{
			return srtp_err_status_bad_param;
		}

		if (inLen > static_cast<size_t>(INT_MAX))
		{
			return srtp_err_status_bad_param;
		}

		// The whole SRTP packet is copied to `out` and decrypted there.
		if (*outLen < inLen)
		{
			return srtp_err_status_buffer_small;
		}

		if (out != in)
		{
			std::memmove(out, in, inLen);
		}

		int len = static_cast<int>(inLen);

		const srtp_err_status_t err =
		  kind == Kind::RTCP ? ::srtp_unprotect_rtcp(ctx, out, &len) : ::srtp_unprotect(ctx, out, &len);

		if (err != srtp_err_status_ok)
		{
			return err;
		}

		// Unprotecting only ever shrinks the packet.
		if (len < 0 || static_cast<size_t>(len) > inLen)
		{
			return srtp_err_status_fail;
		}

		*outLen = static_cast<size_t>(len);

		return srtp_err_status_ok;
	}
} // namespace clinicwall_srtp_adapter

// These overload libsrtp2's extern "C" (ctx, void*, int*) functions by arity.
inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtp_len, uint8_t* srtp, size_t* srtp_len, size_t mki_index)
{
	return clinicwall_srtp_adapter::Protect(
	  clinicwall_srtp_adapter::Kind::RTP, ctx, rtp, rtp_len, srtp, srtp_len, mki_index);
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx,
  const uint8_t* rtcp,
  size_t rtcp_len,
  uint8_t* srtcp,
  size_t* srtcp_len,
  size_t mki_index)
{
	return clinicwall_srtp_adapter::Protect(
	  clinicwall_srtp_adapter::Kind::RTCP, ctx, rtcp, rtcp_len, srtcp, srtcp_len, mki_index);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtp_len, uint8_t* rtp, size_t* rtp_len)
{
	return clinicwall_srtp_adapter::Unprotect(
	  clinicwall_srtp_adapter::Kind::RTP, ctx, srtp, srtp_len, rtp, rtp_len);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcp_len, uint8_t* rtcp, size_t* rtcp_len)
{
	return clinicwall_srtp_adapter::Unprotect(
	  clinicwall_srtp_adapter::Kind::RTCP, ctx, srtcp, srtcp_len, rtcp, rtcp_len);
}

#endif
