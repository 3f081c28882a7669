// Recursive-descent parser for shock conditions (grammar in docs/shocks.md, "Conditions").
// Each rule emits postfix code for what it read and returns the type of that subexpression,
// so type errors are found here, located at the operand, and never at evaluation.
#include <optional>
#include <string>

#include "engine/shocks/condition_functions.hpp"
#include "engine/shocks/condition_lexer.hpp"
#include "engine/shocks/condition_program.hpp"

namespace geosim::condition {

namespace {

enum class Type { Number, Boolean };

// A parsed subexpression: its type and where it starts (for type errors).
struct Expr {
    Type type;
    std::size_t offset;
};

std::optional<Op> comparison(TokenKind kind) {
    switch (kind) {
    case TokenKind::Less: return Op::Less;
    case TokenKind::LessEqual: return Op::LessEqual;
    case TokenKind::Greater: return Op::Greater;
    case TokenKind::GreaterEqual: return Op::GreaterEqual;
    case TokenKind::Equal: return Op::Equal;
    case TokenKind::NotEqual: return Op::NotEqual;
    default: return std::nullopt;
    }
}

// Values an instruction adds to the stack (Op lists pushes, then unary, then binary ops).
int stack_effect(Op op) {
    if (op <= Op::Quarter) return 1;
    if (op <= Op::Not) return 0;
    return -1;
}

class Parser {
public:
    Parser(std::string_view text, const World& world) : tokens_(tokenize(text)), world_(world) {}

    std::vector<Instr> run() {
        const Expr condition = parse_or();
        if (peek().kind != TokenKind::End) unexpected(peek());
        if (condition.type != Type::Boolean)
            throw SyntaxError{condition.offset,
                              "expected a comparison such as 'tension(CHN, PHL) > 0.6'"};
        return std::move(program_);
    }

private:
    // One level of nesting for as long as it lives; refused past kMaxDepth at its token.
    class Nest {
    public:
        Nest(Parser& parser, const Token& opener) : parser_(parser) {
            if (++parser_.depth_ > kMaxDepth)
                throw SyntaxError{opener.offset, "condition nested more than " +
                                                     std::to_string(kMaxDepth) + " levels deep"};
        }
        ~Nest() { --parser_.depth_; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;

    private:
        Parser& parser_;
    };

    const Token& peek() const { return tokens_[pos_]; }
    // Callers check peek() first, so the End token is never passed.
    const Token& next() { return tokens_[pos_++]; }
    bool at_word(std::string_view word) const {
        return peek().kind == TokenKind::Word && peek().text == word;
    }

    [[noreturn]] static void unexpected(const Token& token) {
        if (token.kind == TokenKind::End) throw SyntaxError{token.offset, "unexpected end of condition"};
        throw SyntaxError{token.offset, "unexpected " + quote(token.text)};
    }

    // An operand of `op` must have type `want`; `unary` operators have one operand.
    static void require(const Expr& operand, Type want, const Token& op, bool unary = false) {
        if (operand.type == want) return;
        auto noun = [](Type t) { return t == Type::Boolean ? "a comparison" : "a number"; };
        throw SyntaxError{operand.offset, quote(op.text) + " needs " + noun(want) +
                                              (unary ? "" : " on each side") + ", got " +
                                              noun(operand.type)};
    }

    void emit(Instr instr, std::size_t offset) {
        height_ += stack_effect(instr.op);
        if (height_ > kMaxStack) throw SyntaxError{offset, "condition is too complex"};
        program_.push_back(instr);
    }

    Expr parse_or() { return parse_logical("or", Op::Or, &Parser::parse_and); }
    Expr parse_and() { return parse_logical("and", Op::And, &Parser::parse_not); }

    Expr parse_logical(std::string_view word, Op op, Expr (Parser::*operand)()) {
        const Expr left = (this->*operand)();
        while (at_word(word)) {
            const Token& token = next();
            require(left, Type::Boolean, token);
            require((this->*operand)(), Type::Boolean, token);
            emit({op}, token.offset);
        }
        return left;
    }

    Expr parse_not() {
        if (!at_word("not")) return parse_compare();
        const Token& token = next();
        const Nest nest(*this, token);
        require(parse_not(), Type::Boolean, token, true);
        emit({Op::Not}, token.offset);
        return {Type::Boolean, token.offset};
    }

    Expr parse_compare() {
        const Expr left = parse_sum();
        const std::optional<Op> op = comparison(peek().kind);
        if (!op) return left;
        const Token& token = next();
        require(left, Type::Number, token);
        require(parse_sum(), Type::Number, token);
        emit({*op}, token.offset);
        // "0 < x < 1" would otherwise compare a boolean with a number.
        if (comparison(peek().kind))
            throw SyntaxError{peek().offset, "comparisons do not chain; join them with 'and'"};
        return {Type::Boolean, left.offset};
    }

    Expr parse_sum() {
        const Expr left = parse_product();
        while (peek().kind == TokenKind::Plus || peek().kind == TokenKind::Minus) {
            const Token& token = next();
            require(left, Type::Number, token);
            require(parse_product(), Type::Number, token);
            emit({token.kind == TokenKind::Plus ? Op::Add : Op::Subtract}, token.offset);
        }
        return left;
    }

    Expr parse_product() {
        const Expr left = parse_unary();
        while (peek().kind == TokenKind::Star || peek().kind == TokenKind::Slash) {
            const Token& token = next();
            require(left, Type::Number, token);
            require(parse_unary(), Type::Number, token);
            emit({token.kind == TokenKind::Star ? Op::Multiply : Op::Divide}, token.offset);
        }
        return left;
    }

    Expr parse_unary() {
        if (peek().kind != TokenKind::Minus) return parse_primary();
        const Token& token = next();
        const Nest nest(*this, token);
        require(parse_unary(), Type::Number, token, true);
        emit({Op::Negate}, token.offset);
        return {Type::Number, token.offset};
    }

    Expr parse_primary() {
        const Token& token = peek();
        if (token.kind == TokenKind::Number) {
            next();
            emit({Op::Number, -1, -1, token.number}, token.offset);
            return {Type::Number, token.offset};
        }
        if (token.kind == TokenKind::LParen) {
            next();
            const Nest nest(*this, token);
            const Expr inner = parse_or();
            if (peek().kind != TokenKind::RParen)
                throw SyntaxError{peek().offset, "expected ')' to close '('"};
            next();
            return {inner.type, token.offset};
        }
        if (token.kind == TokenKind::Word && token.text != "and" && token.text != "or" &&
            token.text != "not")
            return parse_call();
        unexpected(token);
    }

    Expr parse_call() {
        const Token& name = next();
        const Function& f = find_function(name);
        const std::string fname(f.name);
        if (peek().kind != TokenKind::LParen)
            throw SyntaxError{peek().offset, "expected '(' after " + fname};
        next();
        const std::vector<const Token*> args = parse_arguments(fname);
        const Token& close = next();
        emit(compile_call(f, name, args, close, world_), name.offset);
        return {Type::Number, name.offset};
    }

    // The argument tokens of a call, leaving the closing ')' as the next token.
    std::vector<const Token*> parse_arguments(const std::string& fname) {
        std::vector<const Token*> args;
        if (peek().kind == TokenKind::RParen) return args;
        while (true) {
            if (peek().kind != TokenKind::Word && peek().kind != TokenKind::Number) unexpected(peek());
            args.push_back(&next());
            if (peek().kind == TokenKind::RParen) return args;
            if (peek().kind != TokenKind::Comma)
                throw SyntaxError{peek().offset, "expected ')' after the arguments of " + fname};
            next();
        }
    }

    std::vector<Token> tokens_;
    const World& world_;
    std::size_t pos_ = 0;
    int depth_ = 0;     // open nesting levels
    int height_ = 0;    // stack height after the code emitted so far
    std::vector<Instr> program_;
};

}  // namespace

std::vector<Instr> compile(std::string_view text, const World& world) {
    return Parser(text, world).run();
}

}  // namespace geosim::condition
