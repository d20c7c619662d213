// ClinicWall offline build: stand-in for ankerl::unordered_dense (header-only
// library that Debian 12 does not package). See ../../meson.build.
//
// mediasoup 3.27.1 uses only ankerl::unordered_dense::map, ::set and ::hash.
// These aliases keep the same template parameters (Key, T, Hash, KeyEqual,
// Allocator), so custom hashers such as TransportTuple::TupleKeyHash work.
// std::unordered_map never invalidates references on insert/erase of other
// elements, whereas unordered_dense does, so code correct for the latter is
// correct here too.
#ifndef CLINICWALL_ANKERL_UNORDERED_DENSE_SHIM_H
#define CLINICWALL_ANKERL_UNORDERED_DENSE_SHIM_H

// The real header pulls these in; mediasoup sources may rely on that.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ankerl::unordered_dense
{
	template<class T>
	using hash = std::hash<T>;

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif
