#include "engine/input/yaml_flow_scan.hpp"

#include "engine/input/input_text.hpp"
#include "engine/input/yaml_guard.hpp"

namespace geosim {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_flow_indicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

class FlowScanner {
public:
    FlowScanner(std::string_view text, const std::string& file, const InputLimits& limits)
        : text_(text), file_(file), limits_(limits) {}

    void run() {
        if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
        while (pos_ < text_.size()) block_line();
    }

private:
    char at(std::size_t i) const { return i < text_.size() ? text_[i] : '\n'; }
    bool blank_after(std::size_t i) const { return is_blank(at(i + 1)); }
    // A '#' after a blank starts a comment; so does one right after a token, as yaml-cpp reads
    // it ("[#"), but not one inside plain text ("a[#b" is one scalar in block context).
    bool starts_comment(bool in_plain) const {
        if (pos_ == 0 || is_blank(text_[pos_ - 1])) return true;
        return !in_plain && is_flow_indicator(text_[pos_ - 1]);
    }

    void skip_to_line_end() {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    }

    std::size_t indent_at(std::size_t line_start) const {
        std::size_t i = line_start;
        while (i < text_.size() && text_[i] == ' ') ++i;
        return i - line_start;
    }

    // One line in block context, from its indentation to its end (a flow collection or a
    // quoted scalar may carry it over several lines). `node_start` is true where a new node
    // may begin, the only places a '[' or a quote means something in block context.
    void block_line() {
        const std::size_t indent = indent_at(pos_);
        const std::size_t line_start = pos_;
        pos_ += indent;
        const std::size_t content = text_.find_first_not_of(" \t\r", pos_);
        const bool blank_line = content == std::string_view::npos || text_[content] == '\n';
        if (blank_line || continues_plain(indent)) {
            skip_to_line_end();
            ++pos_;
            return;
        }
        bool node_start = true;
        bool in_plain = false;
        bool after_indicator = false;  // a "- ", "? ", ": " or "---" came first on this line
        while (pos_ < text_.size() && text_[pos_] != '\n') {
            const char c = text_[pos_];
            if (is_blank(c)) {
                ++pos_;
            } else if (c == '#' && starts_comment(in_plain)) {
                in_plain = false;
                skip_to_line_end();
            } else if (!node_start) {
                // Scalar text until a ": " starts the value of a mapping.
                if (c == ':' && blank_after(pos_)) {
                    node_start = true;
                    in_plain = false;
                    after_indicator = true;
                }
                ++pos_;
            } else if (c == '[' || c == '{') {
                flow();
                node_start = false;
            } else if (c == '\'' || c == '"') {
                quoted();
                node_start = false;
            } else if ((c == '-' || c == '?' || c == ':') && blank_after(pos_)) {
                after_indicator = true;
                ++pos_;
            } else if (pos_ == line_start && (text_.substr(pos_, 3) == "---" ||
                                              text_.substr(pos_, 3) == "...") &&
                       is_blank(at(pos_ + 3))) {
                after_indicator = true;
                pos_ += 3;
            } else if (pos_ == line_start && c == '%') {
                skip_to_line_end();  // a directive
            } else if (c == '&' || c == '!') {
                skip_property();
            } else if (c == '|' || c == '>') {
                plain_open_ = false;
                block_scalar(after_indicator ? indent + 1 : indent);
                return;
            } else {
                node_start = false;
                in_plain = true;
                ++pos_;
            }
        }
        plain_open_ = in_plain;
        plain_indent_ = indent;
        plain_began_line_ = in_plain && !after_indicator;
        ++pos_;
    }

    // Whether a line indented by `indent` continues plain text left open on the line before
    // ("key: a\n  [b" is the scalar "a [b"). Continuation lines sit deeper than the scalar's
    // parent: deeper than its line when it followed an indicator there, else at least as deep.
    bool continues_plain(std::size_t indent) const {
        return plain_open_ && (indent > plain_indent_ || (plain_began_line_ && indent == plain_indent_));
    }

    // A literal or folded scalar: the rest of this line, then every blank line or line
    // indented by at least `min_indent`. Its parent is less indented than the line that holds
    // the indicator, or than the indicator itself when it starts the line.
    void block_scalar(std::size_t min_indent) {
        skip_to_line_end();
        while (pos_ < text_.size()) {
            const std::size_t next = pos_ + 1;
            const std::size_t content = text_.find_first_not_of(" \t\r", next);
            const bool blank_line = content == std::string_view::npos || text_[content] == '\n';
            if (!blank_line && indent_at(next) < min_indent) break;
            pos_ = next;
            skip_to_line_end();
        }
        ++pos_;
    }

    // An anchor or a tag; like yaml-cpp, a flow indicator ends it ("!!seq[" opens a list).
    void skip_property() {
        while (pos_ < text_.size() && !is_blank(text_[pos_]) && !is_flow_indicator(text_[pos_]))
            ++pos_;
    }

    void quoted() {
        const char quote = text_[pos_++];
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (quote == '"' && c == '\\') {
                ++pos_;
            } else if (c == quote) {
                // '' is an escaped quote inside single quotes.
                if (quote == '\'' && at(pos_) == '\'') ++pos_;
                else return;
            }
        }
    }

    // From an opening bracket to its matching close. Inside flow context every bracket and
    // comma is an indicator; quotes open a scalar only where a node may begin.
    void flow() {
        int depth = 0;
        bool node_start = true;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '[' || c == '{') {
                if (++depth > limits_.max_depth) fail(too_deep_message(limits_.max_depth));
                count_entry();
                node_start = true;
                ++pos_;
            } else if (c == ']' || c == '}') {
                ++pos_;
                if (--depth == 0) return;
                node_start = false;
            } else if (c == ',') {
                count_entry();
                node_start = true;
                ++pos_;
            } else if (is_blank(c)) {
                ++pos_;
            } else if (c == '#' && starts_comment(false)) {
                skip_to_line_end();
            } else if (node_start && (c == '\'' || c == '"')) {
                quoted();
                node_start = false;
            } else if (c == ':' || c == '?') {
                node_start = is_blank(at(pos_ + 1)) || is_flow_indicator(at(pos_ + 1));
                ++pos_;
            } else if (node_start && (c == '&' || c == '!')) {
                skip_property();
            } else {
                node_start = false;
                ++pos_;
            }
        }
    }

    // Each bracket and comma stands for at least one node, so their count bounds the nodes
    // from below.
    void count_entry() {
        if (++entries_ > limits_.max_nodes) fail(too_many_nodes_message(limits_.max_nodes));
    }

    [[noreturn]] void fail(const std::string& message) const {
        throw InputError(location_at(text_, pos_, file_), "", message);
    }

    std::string_view text_;
    const std::string& file_;
    const InputLimits& limits_;
    std::size_t pos_ = 0;
    std::size_t entries_ = 0;
    bool plain_open_ = false;       // the last line with content ended inside plain text
    std::size_t plain_indent_ = 0;  // that line's indentation
    bool plain_began_line_ = false; // and the text began it, with no indicator before
};

}  // namespace

void check_flow_collections(std::string_view text, const std::string& file,
                            const InputLimits& limits) {
    FlowScanner(text, file, limits).run();
}

}  // namespace geosim
