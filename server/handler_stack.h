// The stack that request handlers run on. Debian's civetweb 1.15 starts its worker
// threads with a 100 KiB stack (USE_STACK_SIZE=102400 compiled in, no runtime option);
// Xapian, ICU, SQLite and the bounded recursion of our parsers get kHandlerStackBytes
// instead, on a companion thread that each calling thread gets the first time it calls.
// Every nested input is still refused past its own depth limit before anything recurses
// (docs/operations.md, "Limits"); this size is what those limits were measured against.
#pragma once

#include <cstddef>
#include <functional>

namespace datacat::server {

// 8 MiB, a main thread's default: the deepest accepted inputs (100-level glossaries,
// 10-level query nesting) need about 1 MiB under AddressSanitizer, whose frames are many
// times larger than a release build's. Only the pages a request touches are ever used.
inline constexpr size_t kHandlerStackBytes = size_t{8} << 20;

// Runs `work` on the calling thread's companion thread (stack kHandlerStackBytes) and
// returns when it has finished; an exception `work` throws is rethrown here. The
// companion ends when the calling thread ends. Thread-safe; not reentrant (`work` must
// not call it again).
void run_on_handler_stack(const std::function<void()>& work);

}  // namespace datacat::server
