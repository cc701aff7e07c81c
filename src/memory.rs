//! How the build's allocator, mimalloc, treats memory it is given back:
//! settings that `cpsite` and the benchmarks apply before any work.

/// mimalloc's `mi_option_purge_delay` and `mi_option_destroy_on_exit`
/// (their places in `mi_option_e` in mimalloc.h; the bindings give them no
/// name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_DESTROY_ON_EXIT: libmimalloc_sys::mi_option_t = 22;

/// Memory a build frees is reused by its next stage; by default mimalloc
/// hands it back to the system after a second and faults it in again when
/// it is reused, which on a long build (N = 20 000) costs a third more
/// system time. Ten seconds covers a build; `serve` still returns its
/// memory when it has been idle that long.
///
/// At exit, mimalloc would also hand back all the main thread's memory,
/// 64 KiB at a time (1 400 system calls, about 8 ms after an N = 5 000
/// build); a value above 1 for `destroy_on_exit` skips that, and the
/// system takes the memory back with the process.
pub fn keep_freed_memory() {
    // SAFETY: mi_option_set stores a number in mimalloc's option table; it
    // takes no pointers and may be called at any time.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10_000);
        libmimalloc_sys::mi_option_set(MI_OPTION_DESTROY_ON_EXIT, 2);
    }
}
