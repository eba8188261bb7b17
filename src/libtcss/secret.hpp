// Strings that hold secrets (SecretKey, session token, registry password,
// webhook token, request bodies that carry them). Their allocator wipes every
// buffer before giving it back, so neither a reallocation nor the final free
// leaves a copy in freed heap memory.
#pragma once

#include <cstddef>
#include <new>
#include <string>
#include <utility>

namespace tcss {

void zeroize(void *p, std::size_t n) noexcept;

template <typename T>
struct ZeroizingAllocator {
    using value_type = T;
    ZeroizingAllocator() noexcept = default;
    template <typename U>
    ZeroizingAllocator(const ZeroizingAllocator<U> &) noexcept {}
    T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T))); }
    void deallocate(T *p, std::size_t n) noexcept {
        zeroize(p, n * sizeof(T));
        ::operator delete(p);
    }
    template <typename U>
    bool operator==(const ZeroizingAllocator<U> &) const noexcept {
        return true;
    }
    template <typename U>
    bool operator!=(const ZeroizingAllocator<U> &) const noexcept {
        return false;
    }
};

// Note: short strings live inside the object (SSO), where the allocator never
// sees them, so SecretString also wipes its own buffer on destruction and
// after a move.
using SecretBase = std::basic_string<char, std::char_traits<char>, ZeroizingAllocator<char>>;

class SecretString : public SecretBase {
  public:
    using SecretBase::SecretBase;
    SecretString() = default;
    SecretString(const SecretString &) = default;
    SecretString(SecretBase &&o) noexcept : SecretBase(std::move(o)) {
        zeroize(&o[0], o.capacity());
        o.clear();
    }
    SecretString(SecretString &&o) noexcept : SecretBase(std::move(o)) { o.wipe(); }
    SecretString &operator=(const SecretString &) = default;
    SecretString &operator=(SecretString &&o) noexcept {
        SecretBase::operator=(std::move(o));
        o.wipe();
        return *this;
    }
    ~SecretString() { wipe(); }
    void wipe() noexcept {
        zeroize(&(*this)[0], capacity());
        clear();
    }
};

// Runs `f` when the scope ends, however it ends: the one way the core wipes a
// buffer, a response body or a JSON tree it is done with.
template <typename F>
class ScopeExit {
  public:
    explicit ScopeExit(F f) : f_(std::move(f)) {}
    ~ScopeExit() { f_(); }
    ScopeExit(const ScopeExit &) = delete;
    ScopeExit &operator=(const ScopeExit &) = delete;

  private:
    F f_;
};

template <typename F>
ScopeExit<F> on_scope_exit(F f) {
    return ScopeExit<F>(std::move(f));
}

// Wipes the bytes a plain string holds (its size, not its capacity).
inline void wipe_string(std::string &s) noexcept { zeroize(&s[0], s.size()); }

}  // namespace tcss
