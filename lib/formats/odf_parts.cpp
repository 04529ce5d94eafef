// What ODS, ODT and ODP share: the encryption check of the manifest and
// meta.xml.
#include "formats/package_parts.hpp"

namespace foiguard::formats {
namespace {

// A property longer than this is hostile, not a name or a title.
constexpr std::size_t kMaxPropertyBytes = 1u << 20;
// The manifest lists every member in a line or two; past this it is hostile.
constexpr std::uint64_t kMaxManifestBytes = 16u << 20;

// <meta:user-defined meta:name="Reviewer">value</meta:user-defined> takes its
// name as the label; every other property its element's name.
class MetaHandler : public XmlHandler {
 public:
  explicit MetaHandler(const OdfPropertySink& property) : property_(property) {}
  void start(std::string_view name, const XmlAttributes& a) override {
    flush();
    label_ = name == "user-defined" ? std::string(a.get("name")) : std::string(property_label(name));
  }
  void end(std::string_view) override { flush(); }
  void text(std::string_view piece) override {
    if (text_.size() + piece.size() <= kMaxPropertyBytes) text_.append(piece);
  }

 private:
  void flush() {
    if (text_.find_first_not_of(" \t\r\n") != std::string::npos) property_(label_, text_);
    text_.clear();
  }
  const OdfPropertySink& property_;
  std::string label_, text_;
};

}  // namespace

void refuse_encrypted_odf(ZipArchive& zip) {
  const auto* manifest = zip.find("META-INF/manifest.xml");
  if (!manifest) return;
  if (zip.read_all(*manifest, kMaxManifestBytes).find("encryption-data") != std::string::npos)
    throw FormatError("encrypted (password-protected) OpenDocument file: cannot be checked; "
                      "remove the password and scan again");
}

void read_odf_meta(ZipArchive& zip, const ZipArchive::Entry& meta, const OdfPropertySink& property) {
  MetaHandler handler(property);
  parse_part(zip, meta, handler);
}

}  // namespace foiguard::formats
