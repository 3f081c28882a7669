#include "engine/shocks/column_condition.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "engine/core/error.hpp"

namespace geosim {

using condition::SyntaxError;

namespace {

enum Op { Number, Column, Negate, Not, Add, Subtract, Multiply, Divide, Less, LessEqual, Greater,
          GreaterEqual, Equal, NotEqual, And, Or };

constexpr int kMaxDepth = 64;

// "trade(CHN,USA)" and "trade(CHN, USA)" name the same column.
std::string normal_name(const std::string& name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == ' ') continue;
        out += c;
        if (c == ',') out += ' ';
    }
    return out;
}

class Parser {
public:
    Parser(const std::string& text, const std::vector<std::string>& columns) : text_(text), columns_(columns) {
        for (const auto& c : columns) normal_.push_back(normal_name(c));
    }

    std::vector<ColumnCondition::Instr> parse() {
        expression(0);
        skip();
        if (pos_ < text_.size()) fail(pos_, "unexpected '" + text_.substr(pos_, 1) + "'");
        return out_;
    }

private:
    [[noreturn]] void fail(std::size_t at, const std::string& message) { throw SyntaxError{at, message}; }
    void skip() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool word_at(const char* w) {
        skip();
        const std::size_t n = std::char_traits<char>::length(w);
        if (text_.compare(pos_, n, w) != 0) return false;
        const std::size_t end = pos_ + n;
        if (end < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_' ||
                                   text_[end] == '.'))
            return false;
        pos_ = end;
        return true;
    }
    bool symbol(const char* s) {
        skip();
        const std::size_t n = std::char_traits<char>::length(s);
        if (text_.compare(pos_, n, s) != 0) return false;
        pos_ += n;
        return true;
    }
    void emit(int op) { out_.push_back({op}); }

    void expression(int depth) {
        if (depth > kMaxDepth) fail(pos_, "nested more than " + std::to_string(kMaxDepth) + " deep");
        conjunction(depth);
        while (word_at("or")) {
            conjunction(depth);
            emit(Or);
        }
    }
    void conjunction(int depth) {
        negation(depth);
        while (word_at("and")) {
            negation(depth);
            emit(And);
        }
    }
    void negation(int depth) {
        if (word_at("not")) {
            if (depth + 1 > kMaxDepth) fail(pos_, "nested more than " + std::to_string(kMaxDepth) + " deep");
            negation(depth + 1);
            emit(Not);
            return;
        }
        comparison(depth);
    }
    void comparison(int depth) {
        sum(depth);
        static const std::pair<const char*, int> ops[] = {{"<=", LessEqual}, {">=", GreaterEqual}, {"==", Equal},
                                                          {"!=", NotEqual}, {"<", Less}, {">", Greater}};
        for (const auto& [s, op] : ops)
            if (symbol(s)) {
                sum(depth);
                emit(op);
                return;
            }
    }
    void sum(int depth) {
        product(depth);
        while (true) {
            if (symbol("+")) product(depth), emit(Add);
            else if (symbol("-")) product(depth), emit(Subtract);
            else return;
        }
    }
    void product(int depth) {
        unary(depth);
        while (true) {
            if (symbol("*")) unary(depth), emit(Multiply);
            else if (symbol("/")) unary(depth), emit(Divide);
            else return;
        }
    }
    void unary(int depth) {
        if (symbol("-")) {
            if (depth + 1 > kMaxDepth) fail(pos_, "nested more than " + std::to_string(kMaxDepth) + " deep");
            unary(depth + 1);
            emit(Negate);
            return;
        }
        primary(depth);
    }
    void primary(int depth) {
        skip();
        if (pos_ >= text_.size()) fail(pos_, "expected a number, a column or '(', got the end");
        const char c = text_[pos_];
        if (c == '(') {
            ++pos_;
            expression(depth + 1);
            if (!symbol(")")) fail(pos_, "expected ')'");
            return;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
            double v = 0;
            const auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
            if (ec != std::errc()) fail(pos_, "malformed number");
            out_.push_back({Number, 0, v});
            pos_ = static_cast<std::size_t>(end - text_.data());
            return;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            const std::size_t start = pos_;
            // Brackets too: a drawn shock argument's column can be "war.schedule[0].rate".
            while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) ||
                                           text_[pos_] == '_' || text_[pos_] == '.' || text_[pos_] == '[' ||
                                           text_[pos_] == ']'))
                ++pos_;
            std::size_t after = pos_;
            while (after < text_.size() && text_[after] == ' ') ++after;
            if (after < text_.size() && text_[after] == '(') {
                const auto close = text_.find(')', after);
                if (close == std::string::npos) fail(after, "expected ')'");
                pos_ = close + 1;
            }
            const std::string name = text_.substr(start, pos_ - start);
            const std::string key = normal_name(name);
            for (std::size_t k = 0; k < normal_.size(); ++k)
                if (normal_[k] == key) {
                    out_.push_back({Column, k, 0});
                    return;
                }
            fail(start, "unknown column '" + name + "'" + did_you_mean(key, normal_));
        }
        fail(pos_, "expected a number, a column or '(', got '" + text_.substr(pos_, 1) + "'");
    }

    const std::string& text_;
    const std::vector<std::string>& columns_;
    std::vector<std::string> normal_;
    std::size_t pos_ = 0;
    std::vector<ColumnCondition::Instr> out_;
};

bool compare(int op, double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    switch (op) {
    case Less: return x < y;
    case LessEqual: return x <= y;
    case Greater: return x > y;
    case GreaterEqual: return x >= y;
    case Equal: return x == y;
    default: return x != y;
    }
}

}  // namespace

ColumnCondition ColumnCondition::parse(const std::string& text, const std::vector<std::string>& columns) {
    ColumnCondition c;
    c.program_ = Parser(text, columns).parse();
    return c;
}

bool ColumnCondition::holds(const std::vector<double>& row) const {
    std::vector<double> stack;
    for (const Instr& in : program_) {
        if (in.op == Number) {
            stack.push_back(in.number);
        } else if (in.op == Column) {
            stack.push_back(row[in.column]);
        } else if (in.op == Negate) {
            stack.back() = -stack.back();
        } else if (in.op == Not) {
            stack.back() = stack.back() != 0 ? 0 : 1;
        } else {
            const double y = stack.back();
            stack.pop_back();
            double& x = stack.back();
            switch (in.op) {
            case Add: x = x + y; break;
            case Subtract: x = x - y; break;
            case Multiply: x = x * y; break;
            case Divide: x = x / y; break;
            case And: x = (x != 0 && y != 0) ? 1 : 0; break;
            case Or: x = (x != 0 || y != 0) ? 1 : 0; break;
            default: x = compare(in.op, x, y) ? 1 : 0;
            }
        }
    }
    return !stack.empty() && stack.back() != 0;
}

}  // namespace geosim
