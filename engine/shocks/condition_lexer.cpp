#include "engine/shocks/condition_lexer.hpp"

#include <charconv>
#include <system_error>

namespace geosim::condition {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_digits(std::string_view text, std::size_t at) {
    while (at < text.size() && is_digit(text[at])) ++at;
    return at;
}

// A number from `start`: digits, an optional fraction and an optional exponent.
Token number_at(std::string_view text, std::size_t start) {
    std::size_t end = skip_digits(text, start);
    if (end < text.size() && text[end] == '.') end = skip_digits(text, end + 1);
    bool malformed = false;
    if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
        std::size_t exponent = end + 1;
        if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
        malformed = exponent == text.size() || !is_digit(text[exponent]);
        end = skip_digits(text, exponent);
    }
    // "3abc" or "1.2.3" is one mistake, reported whole rather than as a number and a word.
    while (end < text.size() && (is_word_char(text[end]) || text[end] == '.')) {
        malformed = true;
        ++end;
    }
    const std::string_view spelled = text.substr(start, end - start);
    if (malformed) throw SyntaxError{start, "malformed number " + quote(spelled)};
    Token token{TokenKind::Number, start, spelled};
    const auto [stop, error] =
        std::from_chars(spelled.data(), spelled.data() + spelled.size(), token.number);
    if (error == std::errc::result_out_of_range || stop != spelled.data() + spelled.size())
        throw SyntaxError{start, "number " + quote(spelled) + " is out of range"};
    return token;
}

// Operators of one or two characters; `=` alone and C-style operators get a hint.
Token symbol_at(std::string_view text, std::size_t at) {
    const char c = text[at];
    const char next = at + 1 < text.size() ? text[at + 1] : '\0';
    auto one = [&](TokenKind kind) { return Token{kind, at, text.substr(at, 1)}; };
    auto two = [&](TokenKind kind) { return Token{kind, at, text.substr(at, 2)}; };
    switch (c) {
    case '(': return one(TokenKind::LParen);
    case ')': return one(TokenKind::RParen);
    case ',': return one(TokenKind::Comma);
    case '+': return one(TokenKind::Plus);
    case '-': return one(TokenKind::Minus);
    case '*': return one(TokenKind::Star);
    case '/': return one(TokenKind::Slash);
    case '<': return next == '=' ? two(TokenKind::LessEqual) : one(TokenKind::Less);
    case '>': return next == '=' ? two(TokenKind::GreaterEqual) : one(TokenKind::Greater);
    case '=':
        if (next == '=') return two(TokenKind::Equal);
        throw SyntaxError{at, "unexpected '=' (did you mean '=='?)"};
    case '!':
        if (next == '=') return two(TokenKind::NotEqual);
        throw SyntaxError{at, "unexpected '!' (did you mean 'not'?)"};
    case '&':
        if (next == '&') throw SyntaxError{at, "unexpected '&&' (did you mean 'and'?)"};
        break;
    case '|':
        if (next == '|') throw SyntaxError{at, "unexpected '||' (did you mean 'or'?)"};
        break;
    default:
        break;
    }
    // Name the whole UTF-8 character, not its first byte.
    std::size_t end = at + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    throw SyntaxError{at, "unexpected " + quote(text.substr(at, end - at))};
}

}  // namespace

std::string quote(std::string_view text) {
    constexpr std::size_t kMax = 40;
    std::size_t cut = text.size();
    if (cut > kMax) {
        cut = kMax;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string out = "'";
    out.append(text.substr(0, cut));
    out += cut < text.size() ? "...'" : "'";
    return out;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t at = 0;
    while (true) {
        while (at < text.size() && is_space(text[at])) ++at;
        if (at == text.size()) break;
        const char c = text[at];
        if (is_digit(c) || (c == '.' && at + 1 < text.size() && is_digit(text[at + 1]))) {
            tokens.push_back(number_at(text, at));
        } else if (is_word_start(c)) {
            std::size_t end = at + 1;
            while (end < text.size() && is_word_char(text[end])) ++end;
            tokens.push_back(Token{TokenKind::Word, at, text.substr(at, end - at)});
        } else {
            tokens.push_back(symbol_at(text, at));
        }
        at = tokens.back().offset + tokens.back().text.size();
    }
    tokens.push_back(Token{TokenKind::End, text.size(), {}});
    return tokens;
}

}  // namespace geosim::condition
