// DocumentWriter, the paragraph side of the reader contract: runs that agree
// share a span, every paragraph is one record, paragraphs are numbered per
// part, authors are interned per batch, and memory stays bounded.
#include <gtest/gtest.h>

#include <string>

#include "foiguard/detector.hpp"
#include "formats/document_writer.hpp"
#include "formats_collect.hpp"

namespace foiguard {
namespace {

using testing::Collected;
using testing::span_with;

TEST(DocumentWriter, RunsOfOneKindShareASpanAndAParagraphIsOneRecord) {
  Collected c;
  const formats::BatchSink sink = testing::collecting_sink(c);
  formats::DocumentWriter out(1u << 20, sink, {"letter.docx"});
  out.begin_part(std::string("word/document.xml"));
  out.paragraph("Dear requester,", Visibility::visible);
  out.end_paragraph();  // an empty paragraph still takes its number
  out.run("Handled by ", Visibility::visible);
  out.run("DS ", Visibility::visible);
  out.run("Okonkwo", Visibility::visible);
  out.run(", pay number 455902", Visibility::tracked_deletion, "Jones, Mark");
  out.run(" ", Visibility::visible);
  out.run("é.", Visibility::tracked_insertion, "Jones, Mark");
  out.end_paragraph();
  out.begin_part(std::string("word/footer1.xml"));
  out.paragraph("Ref 118", Visibility::header_footer);
  out.flush();

  ASSERT_EQ(c.spans.size(), 5u) << "the lone space between two changes makes no span";
  const auto& first = c.spans[0];
  EXPECT_EQ(first.text, "Dear requester,");
  EXPECT_EQ(first.span.kind, SpanKind::paragraph);
  EXPECT_EQ(first.span.line, 1u);
  EXPECT_EQ(first.scope.part, "word/document.xml");
  EXPECT_EQ(first.scope.container, std::vector<std::string>{"letter.docx"});

  const auto& visible = span_with(c, "Handled by DS Okonkwo");
  EXPECT_EQ(visible.text, "Handled by DS Okonkwo");
  EXPECT_EQ(visible.span.line, 3u);
  EXPECT_EQ(visible.span.column, 1u);
  EXPECT_EQ(visible.author, "");
  const auto& deleted = span_with(c, "pay number");
  EXPECT_EQ(deleted.span.visibility, Visibility::tracked_deletion);
  EXPECT_EQ(deleted.span.column, 22u);
  EXPECT_EQ(deleted.author, "Jones, Mark");
  EXPECT_EQ(deleted.span.record, visible.span.record) << "one paragraph, one record";
  const auto& inserted = span_with(c, "é.");
  EXPECT_EQ(inserted.span.column, 42u) << "columns count characters, not bytes";
  EXPECT_EQ(inserted.span.author, deleted.span.author) << "one author, one index";

  const auto& footer = c.spans.back();
  EXPECT_EQ(footer.scope.part, "word/footer1.xml");
  EXPECT_EQ(footer.span.line, 1u) << "numbering restarts in each part";
  EXPECT_NE(footer.span.record, visible.span.record);
  EXPECT_EQ(out.paragraphs(), 4u);
}

TEST(DocumentWriter, FlushesAtParagraphEndsAndCutsAParagraphLargerThanABatch) {
  Collected c;
  const formats::BatchSink sink = testing::collecting_sink(c);
  formats::DocumentWriter out(1024, sink, {});
  out.begin_part(std::nullopt);
  for (int i = 0; i < 100; ++i) out.paragraph("A paragraph of forty characters or so..", Visibility::visible);
  const std::string huge(10000, 'x');
  out.run(huge, Visibility::visible);
  out.end_paragraph();
  out.flush();
  EXPECT_GE(c.batches, 4u) << "4000 bytes of paragraphs, then one that is a batch alone";
  EXPECT_LE(c.max_batch_text, 1024u + 10000u) << "one run at most past the bound";
  EXPECT_EQ(c.spans.back().span.line, 101u);
  EXPECT_FALSE(c.spans.back().scope.part.has_value());
}

TEST(DocumentWriter, FindingsCarryParagraphColumnAndAMaskedAuthor) {
  const Detector& detector = testing::builtin_detector();
  std::vector<Finding> findings;
  const formats::BatchSink sink = [&](TextBatch& batch) {
    DetectOptions options;
    for (auto& f : detector.detect(batch, options)) findings.push_back(f);
  };
  formats::DocumentWriter out(1u << 20, sink, {"drop.zip"});
  out.begin_part(std::string("word/comments.xml"));
  out.paragraph("Intro", Visibility::comment, "Mark Jones");
  out.paragraph("Please check with DS Okonkwo, pay number 455902.", Visibility::comment, "Mark Jones");
  out.flush();
  const auto name = std::find_if(findings.begin(), findings.end(),
                                 [](const Finding& f) { return f.category == Category::person_name; });
  ASSERT_NE(name, findings.end());
  EXPECT_EQ(name->location.paragraph, 2u);
  EXPECT_EQ(name->location.column, 22u);
  EXPECT_FALSE(name->location.line.has_value());
  ASSERT_TRUE(name->location.author.has_value());
  EXPECT_EQ(name->location.author->find("Jones"), std::string::npos) << "the author is masked";
  EXPECT_EQ(name->location.author->size(), std::string("Mark Jones").size());
  EXPECT_EQ(describe(name->location),
            "drop.zip!/word/comments.xml: paragraph 2, col 22 (by " + *name->location.author + ")");
  EXPECT_EQ(name->visibility, Visibility::comment);
  EXPECT_NE(name->record, 0u) << "name and pay number of one paragraph form a record";
}

}  // namespace
}  // namespace foiguard
