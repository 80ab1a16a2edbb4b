// UTF-8 validity, as nlohmann-json's encoder and ICU require it of every string they take.
// Thread-safe (pure functions).
#pragma once

#include <string_view>

namespace datacat::indexer {

// True when `text` is well-formed UTF-8 (no stray continuation bytes, overlong forms,
// surrogates or code points past U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace datacat::indexer
