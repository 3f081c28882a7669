#pragma once
#include <cstddef>
#include <vector>

namespace geosim {

// Dense row-major square matrix over agents: m(i, j) is the entry for the ordered pair (i, j).
// The meaning and unit of each use are stated where it is declared.
template <class T>
class Square {
public:
    Square() = default;
    explicit Square(int n, T fill = T{}) : n_(n), v_(static_cast<std::size_t>(n) * n, fill) {}

    int n() const { return n_; }
    T& operator()(int i, int j) { return v_[static_cast<std::size_t>(i) * n_ + j]; }
    const T& operator()(int i, int j) const { return v_[static_cast<std::size_t>(i) * n_ + j]; }
    void fill(T value) { v_.assign(v_.size(), value); }
    const std::vector<T>& values() const { return v_; }
    std::vector<T>& values() { return v_; }
    bool operator==(const Square&) const = default;

    T row_sum(int i) const {
        T s{};
        for (int j = 0; j < n_; ++j) s += (*this)(i, j);
        return s;
    }
    T col_sum(int j) const {
        T s{};
        for (int i = 0; i < n_; ++i) s += (*this)(i, j);
        return s;
    }

private:
    int n_ = 0;
    std::vector<T> v_;
};

using Matrix = Square<double>;
using IntMatrix = Square<int>;

}  // namespace geosim
