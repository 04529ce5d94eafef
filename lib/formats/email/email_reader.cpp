// The email reader library (libfoiguard-email.so, see
// formats/reader_module.hpp): .eml files (RFC 5322 + MIME), on GMime 3: the address headers,
// subject and date; the text/plain bodies line by line; the text/html bodies
// through the HTML reader; and every attachment (forwarded messages included)
// read by its own format as a nested file, so that a spreadsheet attached to
// a mail is located "mail.eml!/staff.xlsx!/xl/worksheets/sheet2.xml".
#include <gmime/gmime.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "formats/document_writer.hpp"
#include "formats/encoding.hpp"
#include "formats/package_parts.hpp"
#include "formats/reader_module.hpp"
#include "foiguard/version.hpp"

namespace foiguard::formats {
namespace {

// GMime builds objects for every header, MIME part, address and parameter,
// tens of times the bytes they take in the file (measured: 2.4 KB a part,
// 0.75 KB a header, 23x the bytes of a header, 90x those of a parameter
// list). These bound what it is given before it builds anything; real mail
// stays far below them.
constexpr std::size_t kMaxBoundaryLines = 20000;
constexpr std::size_t kMaxHeaderLines = 20000;
constexpr std::size_t kMaxHeaderBytes = 4u << 20;
constexpr std::size_t kMaxStructuredHeaderBytes = 1u << 20;  // address lists and MIME parameters
// GMime parses an address group ("Team: a@x, b@y;") by recursion, and reads
// "g1: g2: g3: ..." as groups inside groups: fifty thousand of them (400 KB)
// overflowed a thread's 8 MB stack. An address header may open this many
// (colons outside quotes, comments and angle brackets; real mail has one or two).
constexpr std::size_t kMaxAddressGroups = 256;
// Multiparts nested deeper than this are not walked (GMime itself stops at 1024).
constexpr unsigned kMaxMimeDepth = 64;
// Attachment names go into every location of their findings.
constexpr std::size_t kMaxNameBytes = 200;
// Long lines and headers reach the DocumentWriter in pieces of this size, so
// that it can cut them across batches.
constexpr std::size_t kPieceBytes = 64u << 10;

constexpr const char* kEncrypted = "encrypted: cannot be checked";

struct GObjectUnref {
  void operator()(gpointer object) const {
    if (object) g_object_unref(object);
  }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};
using ParserOptionsPtr = std::unique_ptr<GMimeParserOptions, ParserOptionsFree>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A header line as GMime takes it: a name without blanks or controls, then
// optional blanks, then a colon.
bool header_like(std::string_view line) {
  std::size_t at = 0;
  while (at < line.size() && static_cast<unsigned char>(line[at]) > ' ' && line[at] != ':' && line[at] != 0x7F) ++at;
  if (at == 0) return false;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  return at < line.size() && line[at] == ':';
}

// Headers GMime parses into address lists.
bool address_header(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kNames = {"from", "to", "cc", "bcc", "reply-to", "sender"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Headers GMime parses into objects: address lists and MIME parameters.
bool parsed_into_objects(std::string_view name) {
  return address_header(name) || name == "content-type" || name == "content-disposition";
}

// Counts the group openers of one address header across its folded lines:
// colons outside quoted strings, comments and angle brackets (a display name
// with a colon, quoted, opens nothing; "<@relay:user@x>" is a route).
class GroupCounter {
 public:
  void start() { *this = GroupCounter(); }
  std::size_t add(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      if (quoted_) {
        if (c == '\\') ++i;
        else if (c == '"') quoted_ = false;
      } else if (comment_ > 0) {
        if (c == '\\') ++i;
        else if (c == '(') ++comment_;
        else if (c == ')') --comment_;
      } else if (c == '"') {
        quoted_ = true;
      } else if (c == '(') {
        comment_ = 1;
      } else if (c == '<') {
        angle_ = true;
      } else if (c == '>') {
        angle_ = false;
      } else if (c == ':' && !angle_) {
        ++groups_;
      }
    }
    return groups_;
  }

 private:
  bool quoted_ = false, angle_ = false;
  std::size_t comment_ = 0, groups_ = 0;
};

// Checks, in one pass, the lines GMime would turn into parts (boundary
// candidates: lines starting "--") and into headers (the header lines of a
// header block: at the start, after a boundary candidate, and after the
// headers of a message/* part). It over-counts, never under-counts.
class MimeShape {
 public:
  void check(std::string_view bytes) {
    for (std::size_t at = 0; at < bytes.size();) {
      std::size_t end = bytes.find('\n', at);
      if (end == std::string_view::npos) end = bytes.size();
      std::string_view line = bytes.substr(at, end - at);
      at = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      step(line);
    }
  }

 private:
  void step(std::string_view line) {
    if (line.starts_with("--")) {
      if (++boundaries_ > kMaxBoundaryLines)
        throw FormatError(fmt::format("email has over {} MIME boundary lines: possible MIME bomb, not checked",
                                      kMaxBoundaryLines));
      in_headers_ = true;
      return;
    }
    if (!in_headers_) return;
    if (line.empty()) {
      in_headers_ = message_part_;  // a message/rfc822 part's content starts with headers
      message_part_ = false;
      return;
    }
    const bool folded = line[0] == ' ' || line[0] == '\t';
    if (!folded && !header_like(line)) return;  // GMime drops it (a note in the report), builds nothing
    if (++headers_ > kMaxHeaderLines)
      throw FormatError(fmt::format("email has over {} header lines: possible header bomb, not checked",
                                    kMaxHeaderLines));
    std::string_view value = line;
    if (!folded) {
      const std::size_t colon = line.find(':');  // header_like: there is one
      const std::string name = lower(line.substr(0, line.find_first_of(" \t:")));
      structured_ = parsed_into_objects(name);
      addresses_ = address_header(name);
      if (addresses_) groups_.start();
      value = line.substr(colon + 1);
      if (name == "content-type" && lower(line).find("message/") != std::string::npos) message_part_ = true;
    }
    if (addresses_ && groups_.add(value) > kMaxAddressGroups)
      throw FormatError(fmt::format("an address header opens over {} groups: possible header bomb, not checked",
                                    kMaxAddressGroups));
    if (structured_ && (structured_bytes_ += line.size()) > kMaxStructuredHeaderBytes)
      throw FormatError(fmt::format("email headers hold over {} MiB of addresses and MIME parameters: "
                                    "possible header bomb, not checked", kMaxStructuredHeaderBytes >> 20));
    if ((header_bytes_ += line.size()) > kMaxHeaderBytes)
      throw FormatError(fmt::format("email has over {} MiB of headers: possible header bomb, not checked",
                                    kMaxHeaderBytes >> 20));
  }

  std::size_t boundaries_ = 0;
  std::size_t headers_ = 0;
  std::size_t header_bytes_ = 0;
  std::size_t structured_bytes_ = 0;
  bool in_headers_ = true;
  bool message_part_ = false;
  bool structured_ = false;
  bool addresses_ = false;
  GroupCounter groups_;
};

// Problems GMime found while parsing that a reader of the report should know.
struct ParserWarnings {
  std::set<GMimeParserWarning> seen;
  // GMime drops the lines of a header block that are no headers (a body
  // that lacks the blank line before it, a broken part): kept here so that
  // they are still read. Their total is bounded by the message's size.
  std::vector<std::string> dropped_lines;
};

void on_parser_warning(gint64 /*offset*/, GMimeParserWarning code, const gchar* item, gpointer user) {
  auto& warnings = *static_cast<ParserWarnings*>(user);
  warnings.seen.insert(code);
  if (code == GMIME_CRIT_INVALID_HEADER_NAME && item) warnings.dropped_lines.emplace_back(item);
}

void report_parser_warnings(const ParserWarnings& warnings, ReadStats& stats) {
  for (const GMimeParserWarning code : warnings.seen) {
    switch (code) {
      case GMIME_WARN_TRUNCATED_MESSAGE:
        stats.warnings.emplace_back("the message is truncated: a MIME part is cut off");
        break;
      case GMIME_WARN_MALFORMED_MESSAGE:
        stats.warnings.emplace_back("the message is malformed");
        break;
      case GMIME_WARN_MALFORMED_MULTIPART:
        stats.warnings.emplace_back("a multipart holds no parts");
        break;
      case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        stats.warnings.emplace_back("a multipart has no boundary: its content is read as one part");
        break;
      case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        stats.warnings.emplace_back("a MIME part has neither headers nor content");
        break;
      case GMIME_CRIT_INVALID_HEADER_NAME:
        stats.warnings.emplace_back("lines of a header block are no headers: read as 'malformed headers'");
        break;
      case GMIME_CRIT_NESTING_OVERFLOW:
        stats.not_checked.push_back({"", "MIME parts nested past GMime's limit: the deepest are not checked"});
        break;
      default:  // duplicated headers, 8-bit headers, bad parameters: common and harmless
        break;
    }
  }
}

ParserOptionsPtr parser_options(ParserWarnings& warnings) {
  ParserOptionsPtr options(g_mime_parser_options_new());
  // Headers with raw 8-bit text (no encoded-words) are UTF-8 or, failing
  // that, Windows-1252: what mail clients on the desktops send.
  const char* fallback[] = {"utf-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_warning_callback(options.get(), on_parser_warning, &warnings);
  return options;
}

GObjectPtr<GMimeMessage> parse_message(std::string_view bytes, GMimeParserOptions* options) {
  if (bytes.size() > std::numeric_limits<guint>::max())
    throw FormatError("email over 4 GiB: not checked");
  // The stream copies the bytes; the parsed parts then point into that copy
  // (persistent stream), so the message costs about its size once more.
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
  if (!message) throw FormatError("not a readable email message");
  return message;
}

std::string_view bytes_of(GMimeStream* memory) {
  const GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory));
  if (!array || array->len == 0) return {};
  return {reinterpret_cast<const char*>(array->data), array->len};
}

// Header values and names as one line of valid UTF-8.
std::string one_line(std::string_view text) {
  std::string storage;
  std::string out(detail::decode(text, storage, nullptr));
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n' || c == '\t'; }, ' ');
  return out;
}

// One paragraph of visible text, given to the writer in pieces (never inside
// a UTF-8 sequence).
void write_paragraph(DocumentWriter& out, std::string_view text) {
  while (text.size() > kPieceBytes) {
    const std::size_t cut = detail::utf8_boundary(text, kPieceBytes);
    out.run(text.substr(0, cut), Visibility::visible);
    text.remove_prefix(cut);
  }
  out.run(text, Visibility::visible);
  out.end_paragraph();
}

void append_mailbox(InternetAddress* address, std::string& out);

// "Name <addr>, Name <addr>"; a group as "Group: Name <addr>, ...;". Appended
// to `out`, so groups inside groups are copied once, not once a level.
void append_address_list(InternetAddressList* list, std::string& out) {
  const int count = list ? internet_address_list_length(list) : 0;
  bool first = true;
  for (int i = 0; i < count; ++i) {
    const std::size_t before = out.size();
    if (!first) out += ", ";
    const std::size_t start = out.size();
    append_mailbox(internet_address_list_get_address(list, i), out);
    if (out.size() == start) {
      out.resize(before);  // nothing to show: no separator either
      continue;
    }
    first = false;
  }
}

void append_mailbox(InternetAddress* address, std::string& out) {
  const char* name = internet_address_get_name(address);
  const std::size_t start = out.size();
  if (name) out += name;
  if (INTERNET_ADDRESS_IS_GROUP(address)) {
    out += ": ";
    append_address_list(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out);
    out += ';';
  } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
    const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
    if (addr && *addr) {
      if (out.size() == start) out += addr;
      else fmt::format_to(std::back_inserter(out), " <{}>", addr);
    }
  }
}

std::string address_list_text(InternetAddressList* list) {
  std::string out;
  append_address_list(list, out);
  return out;
}

// Converts a text part's bytes from its declared charset. Bytes the charset
// does not allow become U+FFFD; an unknown charset falls back to the
// UTF-8 / Windows-1252 guess every text file gets.
std::string text_to_utf8(std::string_view bytes, const char* charset) {
  const char* canon = charset ? g_mime_charset_canon_name(charset) : nullptr;
  const std::string canonical = canon ? lower(canon) : "";
  if (canonical.empty() || canonical == "utf-8" || canonical == "us-ascii") return to_utf8(bytes, nullptr);
  if (auto converted = detail::convert_charset(bytes, g_mime_charset_iconv_name(charset))) return *converted;
  return to_utf8(bytes, nullptr);
}

bool starts_armored_pgp(std::string_view bytes) {
  const std::size_t first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && bytes.substr(first).starts_with("-----BEGIN PGP MESSAGE-----");
}

std::string mime_type_of(GMimeObject* object) {
  std::unique_ptr<char, GFree> type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(object)));
  return type ? lower(type.get()) : "application/octet-stream";
}

bool is_attachment_disposition(GMimeObject* object) {
  GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
  return disposition && g_mime_content_disposition_is_attachment(disposition);
}

// The file name the sender gave: Content-Disposition filename, else the
// Content-Type name (RFC 2231 and encoded-words decoded by GMime).
std::string file_name_of(GMimeObject* object) {
  const char* name = nullptr;
  if (GMIME_IS_PART(object)) {
    name = g_mime_part_get_filename(GMIME_PART(object));
  } else {
    name = g_mime_object_get_content_disposition_parameter(object, "filename");
    if (!name) name = g_mime_object_get_content_type_parameter(object, "name");
  }
  return name ? name : "";
}

// A name fit for a container chain: the last path step, one line, bounded.
std::string clean_file_name(std::string_view name) {
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out = one_line(name);
  std::replace_if(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, '_');
  if (out.size() > kMaxNameBytes) {
    out.resize(detail::utf8_boundary(out, kMaxNameBytes));
  }
  const std::size_t first = out.find_first_not_of(' ');
  return first == std::string::npos ? std::string() : out.substr(first, out.find_last_not_of(' ') - first + 1);
}

// Signatures hold no text of the message; the signed content is read.
bool is_signature(GMimeContentType* type) {
  return g_mime_content_type_is_type(type, "application", "pgp-signature") ||
         g_mime_content_type_is_type(type, "application", "pkcs7-signature") ||
         g_mime_content_type_is_type(type, "application", "x-pkcs7-signature");
}

// Decoded content of a leaf part (transfer encoding undone), held in a GMime
// memory stream.
struct Decoded {
  GObjectPtr<GMimeStream> stream;
  std::string_view bytes;
};

class EmailReader {
 public:
  EmailReader(const PackageOptions& options, ReadStats& stats, const BatchSink& sink)
      : options_(options), stats_(stats), sink_(sink), out_(options.batch_bytes, sink, options.container) {}

  void read(GMimeMessage* message, const std::vector<std::string>& dropped_lines) {
    read_headers(message);
    read_dropped_lines(dropped_lines);
    if (GMimeObject* body = g_mime_message_get_mime_part(message)) walk(body, "", 0);
    list_attachment_names();
    out_.flush();
    stats_.lines += out_.paragraphs();
  }

 private:
  // One paragraph per header, so that the names and addresses of one header
  // form one record.
  void read_headers(GMimeMessage* message) {
    out_.begin_part("headers");
    static constexpr std::array<std::pair<const char*, GMimeAddressType>, 6> kAddressHeaders = {{
        {"From", GMIME_ADDRESS_TYPE_FROM},
        {"To", GMIME_ADDRESS_TYPE_TO},
        {"Cc", GMIME_ADDRESS_TYPE_CC},
        {"Bcc", GMIME_ADDRESS_TYPE_BCC},
        {"Reply-To", GMIME_ADDRESS_TYPE_REPLY_TO},
        {"Sender", GMIME_ADDRESS_TYPE_SENDER},
    }};
    for (const auto& [name, type] : kAddressHeaders)
      header_paragraph(name, address_list_text(g_mime_message_get_addresses(message, type)));
    if (const char* subject = g_mime_message_get_subject(message)) header_paragraph("Subject", subject);
    if (const char* date = g_mime_object_get_header(GMIME_OBJECT(message), "Date")) header_paragraph("Date", date);
  }

  void header_paragraph(std::string_view name, std::string_view value) {
    const std::string text = one_line(value);
    if (text.find_first_not_of(' ') == std::string::npos) return;
    write_paragraph(out_, fmt::format("{}: {}", name, text));
  }

  // What GMime dropped from header blocks, one paragraph per dropped line
  // (a mail client shows such lines as the body).
  void read_dropped_lines(const std::vector<std::string>& lines) {
    if (lines.empty()) return;
    out_.begin_part("malformed headers");
    for (const auto& line : lines) {
      const std::string text = one_line(line);
      write_paragraph(out_, std::string_view(text).substr(0, text.find_last_not_of(' ') + 1));
    }
  }

  // `path` numbers parts as IMAP does: "2.1" is the first part of the second.
  void walk(GMimeObject* object, const std::string& path, unsigned depth) {
    if (depth > kMaxMimeDepth) {
      if (!too_deep_noted_)
        note("", fmt::format("MIME parts nested deeper than {} levels: not checked", kMaxMimeDepth));
      too_deep_noted_ = true;
      return;
    }
    if (GMIME_IS_MULTIPART_ENCRYPTED(object)) {
      note(name_of(object, path), kEncrypted);
    } else if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      const int count = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < count; ++i) {
        const std::string child = path.empty() ? std::to_string(i + 1) : fmt::format("{}.{}", path, i + 1);
        walk(g_mime_multipart_get_part(multipart, i), child, depth + 1);
      }
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      read_forwarded_message(GMIME_MESSAGE_PART(object), path);
    } else if (GMIME_IS_MESSAGE_PARTIAL(object)) {
      note(name_of(object, path), "partial message (message/partial): not checked");
    } else if (GMIME_IS_APPLICATION_PKCS7_MIME(object)) {
      read_smime(GMIME_APPLICATION_PKCS7_MIME(object), path);
    } else if (GMIME_IS_PART(object)) {
      read_leaf(GMIME_PART(object), path);
    }
  }

  void read_leaf(GMimePart* part, const std::string& path) {
    GMimeObject* object = GMIME_OBJECT(part);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (is_signature(type)) return;
    if (g_mime_content_type_is_type(type, "application", "pgp-encrypted")) {
      note(name_of(object, path), kEncrypted);
      return;
    }
    if (!is_attachment_disposition(object)) {
      if (g_mime_content_type_is_type(type, "text", "plain")) return read_plain_body(part);
      if (g_mime_content_type_is_type(type, "text", "html")) return read_html_body(part);
    }
    read_attached_file(part, path);
  }

  void read_smime(GMimeApplicationPkcs7Mime* smime, const std::string& path) {
    const std::string name = name_of(GMIME_OBJECT(smime), path);
    switch (g_mime_application_pkcs7_mime_get_smime_type(smime)) {
      case GMIME_SECURE_MIME_TYPE_CERTS_ONLY:
        return;  // certificates only
      case GMIME_SECURE_MIME_TYPE_SIGNED_DATA:
        return note(name, "S/MIME signed data (opaque signature): not yet supported");
      case GMIME_SECURE_MIME_TYPE_COMPRESSED_DATA:
        return note(name, "S/MIME compressed data: not yet supported");
      default:
        return note(name, kEncrypted);
    }
  }

  // text/plain: one paragraph per line (per logical line with format=flowed),
  // so that paragraph N is the line a reader counts to.
  void read_plain_body(GMimePart* part) {
    const std::string name = body_name(plain_bodies_, "");
    const auto decoded = decode(part, name);
    if (!decoded) return;
    const std::string text = text_to_utf8(decoded->bytes, charset_of(part));
    if (text.find("-----BEGIN PGP MESSAGE-----") != std::string::npos)
      note(name, "encrypted (inline PGP): cannot be checked");
    GMimeObject* object = GMIME_OBJECT(part);
    const char* format = g_mime_object_get_content_type_parameter(object, "format");
    const char* delsp = g_mime_object_get_content_type_parameter(object, "delsp");
    out_.begin_part(name);
    write_lines(text, format && lower(format) == "flowed", delsp && lower(delsp) == "yes");
  }

  void write_lines(std::string_view text, bool flowed, bool delete_space) {
    std::string pending;  // a flowed paragraph being joined
    std::size_t pending_depth = 0;
    bool has_pending = false;
    const auto emit = [&](std::string_view line, std::size_t depth) {
      std::string shown = depth ? std::string(depth, '>') + " " : std::string();
      shown.append(line);
      std::replace(shown.begin(), shown.end(), '\t', ' ');
      write_paragraph(out_, shown);
    };
    for (std::size_t at = 0; at < text.size();) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(at, end - at);
      at = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!flowed) {
        emit(line, 0);
        continue;
      }
      // RFC 3676: quote depth, space-stuffing, and a trailing space for a soft break.
      const std::size_t depth = std::min(line.find_first_not_of('>'), line.size());
      line.remove_prefix(depth);
      if (line.starts_with(' ')) line.remove_prefix(1);
      if (has_pending && depth != pending_depth) {
        emit(pending, pending_depth);
        pending.clear();
      }
      const bool soft = line.ends_with(' ') && line != "-- ";
      pending.append(soft && delete_space ? line.substr(0, line.size() - 1) : line);
      pending_depth = depth;
      has_pending = soft;
      if (!soft) {
        emit(pending, depth);
        pending.clear();
      }
    }
    if (has_pending) emit(pending, pending_depth);
  }

  // text/html goes to the HTML reader, so that what the page hides (comments,
  // display:none) keeps its visibility; its spans are placed in this part.
  void read_html_body(GMimePart* part) {
    const std::string name = body_name(html_bodies_, ".html");
    const auto decoded = decode(part, name);
    if (!decoded) return;
    const std::string html = text_to_utf8(decoded->bytes, charset_of(part));
    out_.flush();
    const BatchSink placed = [&](TextBatch& batch) {
      for (Scope& scope : batch.scopes) {
        if (scope.container.empty()) scope.container = options_.container;
        if (!scope.part) scope.part = name;
      }
      sink_(batch);
    };
    ReadStats inner;
    try {
      inner = read_html(html, options_, placed);
    } catch (const FormatError& e) {
      return note(name, e.what());
    }
    stats_.lines += inner.lines;
    for (auto& n : inner.not_checked) note(n.part.empty() ? name : name + "!/" + n.part, std::move(n.reason));
    for (auto& w : inner.warnings) stats_.warnings.push_back(name + ": " + w);
  }

  // Any other leaf (an attachment, an inline image, a text part sent as a
  // file) is a file of its own, read by its own format.
  void read_attached_file(GMimePart* part, const std::string& path) {
    GMimeObject* object = GMIME_OBJECT(part);
    const std::string given = clean_file_name(file_name_of(object));
    const std::string name = unique_name(given.empty() ? part_label(object, path) : given);
    if (!given.empty()) attachment_names_.push_back(name);
    const auto decoded = decode(part, name);
    if (!decoded) return;
    if (starts_armored_pgp(decoded->bytes)) return note(name, kEncrypted);
    const char* charset = charset_of(part);
    if (charset && g_mime_content_type_is_type(g_mime_object_get_content_type(object), "text", "*")) {
      const std::string text = text_to_utf8(decoded->bytes, charset);
      return read_attachment(text, name);
    }
    read_attachment(decoded->bytes, name);
  }

  // A forwarded message (message/rfc822) is read as an .eml file of its own:
  // its headers, bodies and attachments, one container deeper.
  void read_forwarded_message(GMimeMessagePart* part, const std::string& path) {
    GMimeObject* object = GMIME_OBJECT(part);
    const std::string given = clean_file_name(file_name_of(object));
    const std::string number = path.empty() ? "1" : path;
    const std::string name = unique_name(given.empty() ? fmt::format("message-{}.eml", number) : given);
    if (!given.empty()) attachment_names_.push_back(name);
    GMimeMessage* message = g_mime_message_part_get_message(part);
    if (!message) return;
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    if (g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, stream.get()) < 0)
      return note(name, "the forwarded message cannot be written out: not checked");
    read_attachment(bytes_of(stream.get()), name);
  }

  void read_attachment(std::string_view bytes, const std::string& name) {
    out_.flush();  // this message's text so far goes before the attachment's
    if (!charge_budget(bytes.size(), name)) return;
    PackageOptions inner = options_;
    inner.container.push_back(name);
    read_nested(bytes, inner, Visibility::attachment, stats_, sink_);
  }

  // Attachments count against the limits of the whole scanned file, as
  // archive members do: an email of zips of emails cannot multiply them.
  bool charge_budget(std::size_t bytes, const std::string& name) {
    ContainerBudget& budget = *options_.budget;
    if (budget_spent_) return false;
    // One read of each counter: another thread may be charging the budget too.
    const std::uint64_t members = budget.members += 1;
    const std::uint64_t inflated = budget.inflated += bytes;
    if (members <= budget.max_members && inflated <= budget.max_inflated) return true;
    budget_spent_ = true;
    note(name, "nested files exceed the limits of one scanned file: this and the following attachments "
               "are not checked");
    return false;
  }

  std::optional<Decoded> decode(GMimePart* part, const std::string& name) {
    Decoded out{GObjectPtr<GMimeStream>(g_mime_stream_mem_new()), {}};
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return out;  // a part without content
    // Decoding never grows the content (base64, quoted-printable and
    // uuencode all shrink), so the encoded length bounds the decoded one.
    GMimeStream* encoded = g_mime_data_wrapper_get_stream(content);
    const gint64 length = encoded ? g_mime_stream_length(encoded) : -1;
    if (length < 0 || static_cast<std::uint64_t>(length) > kMaxNestedBytes) {
      note(name, fmt::format("part over {} MiB: not checked", kMaxNestedBytes >> 20));
      return std::nullopt;
    }
    if (g_mime_data_wrapper_write_to_stream(content, out.stream.get()) < 0) {
      note(name, "the content cannot be decoded: not checked");
      return std::nullopt;
    }
    out.bytes = bytes_of(out.stream.get());
    return out;
  }

  static const char* charset_of(GMimePart* part) {
    return g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  }

  // "body", "body-2" (text/plain); "body.html", "body-2.html" (text/html).
  static std::string body_name(unsigned& count, std::string_view extension) {
    ++count;
    return count == 1 ? fmt::format("body{}", extension) : fmt::format("body-{}{}", count, extension);
  }

  // A part without a file name: its number and type, "part-3 (image/png)".
  static std::string part_label(GMimeObject* object, const std::string& path) {
    return fmt::format("part-{} ({})", path.empty() ? "1" : path, mime_type_of(object));
  }

  // How notes name a part: its file name, else its number and type.
  static std::string name_of(GMimeObject* object, const std::string& path) {
    const std::string given = clean_file_name(file_name_of(object));
    return given.empty() ? part_label(object, path) : given;
  }

  // Two attachments of one name ("image001.png") stay apart in locations:
  // the second is "image001 (2).png".
  std::string unique_name(std::string name) {
    const unsigned seen = ++names_seen_[name];
    if (seen == 1) return name;
    const std::size_t dot = name.rfind('.');
    const std::string suffix = fmt::format(" ({})", seen);
    if (dot == std::string::npos || dot == 0) return name + suffix;
    return name.insert(dot, suffix);
  }

  // The recipient sees the attachment names, and a name can hold a name
  // ("Adeyemi-Walsh grievance.docx").
  void list_attachment_names() {
    if (attachment_names_.empty()) return;
    out_.begin_part("attachments");
    for (const auto& name : attachment_names_) write_paragraph(out_, name);
  }

  void note(std::string part, std::string reason) {
    stats_.not_checked.push_back({std::move(part), std::move(reason)});
  }

  const PackageOptions& options_;
  ReadStats& stats_;
  const BatchSink& sink_;
  DocumentWriter out_;
  unsigned plain_bodies_ = 0;
  unsigned html_bodies_ = 0;
  std::vector<std::string> attachment_names_;
  std::map<std::string, unsigned> names_seen_;
  bool budget_spent_ = false;
  bool too_deep_noted_ = false;
};

ReadStats read_with_gmime(std::string_view bytes, const PackageOptions& given, const BatchSink& sink) {
  PackageOptions options = given;
  if (!options.budget) options.budget = std::make_shared<ContainerBudget>();
  ReadStats stats;
  stats.format = "eml";
  MimeShape().check(bytes);
  init_gmime();
  // Declared in this order so that the message goes first: its header lists
  // keep using the options, and the options the warnings.
  ParserWarnings warnings;
  const ParserOptionsPtr parsing = parser_options(warnings);
  const GObjectPtr<GMimeMessage> message = parse_message(bytes, parsing.get());
  EmailReader(options, stats, sink).read(message.get(), warnings.dropped_lines);
  report_parser_warnings(warnings, stats);
  return stats;
}

std::string gmime_support() {
  return fmt::format("GMime {}.{}.{}", gmime_major_version, gmime_minor_version, gmime_micro_version);
}

}  // namespace

}  // namespace foiguard::formats

extern "C" __attribute__((visibility("default"))) const foiguard::formats::ReaderModule* foiguard_reader_module() {
  static const foiguard::formats::ReaderModule module{foiguard::version(), &foiguard::formats::gmime_support,
                                                      &foiguard::formats::read_with_gmime};
  return &module;
}
