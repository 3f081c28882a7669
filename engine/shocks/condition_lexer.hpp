#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace geosim::condition {

// A failure inside a condition's text: the byte offset of the offending token and the message.
// Condition::parse turns it into an InputError located in the YAML file.
struct SyntaxError {
    std::size_t offset;
    std::string message;
};

enum class TokenKind {
    Number, Word, LParen, RParen, Comma,
    Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual,
    Plus, Minus, Star, Slash,
    End,
};

struct Token {
    TokenKind kind;
    std::size_t offset;      // of the first byte in the condition's text
    std::string_view text;   // as written (a view into the text given to tokenize)
    double number = 0;       // for Number
};

// Splits a condition into tokens, ending with one End token at text.size(). Words are
// [A-Za-z_][A-Za-z0-9_]* (function names, ids and the keywords and/or/not); numbers are
// decimal with an optional fraction and exponent ("3", "0.6", ".5", "1e-3").
// Throws SyntaxError on a character no token starts with or a malformed number.
std::vector<Token> tokenize(std::string_view text);

// 'text' in quotes for messages, cut short so one long word cannot flood them.
std::string quote(std::string_view text);

}  // namespace geosim::condition
