// vnd.byok:fill (Calc) — fills cells from a prompt applied row by row. With a selection of two or more
// columns, the last column is written and the others are each row's input; with one column, that column is
// the input and the column to its right is written. Rows go to the engine one after another (`byok/chat`);
// each answer lands in its cell on the main thread as it arrives. Stop ends the remaining rows.
#include <com/sun/star/awt/PushButtonType.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/view/XSelectionSupplier.hpp>

#include <cstdlib>

#include "logic/byok_api.h"
#include "uno/commands.h"
#include "uno/dialog_builder.h"
#include "uno/host.h"
#include "uno/settings.h"
#include "uno/ustr.h"

namespace byok::lo {

using namespace css;

namespace {

constexpr const char* kFillSystem =
    "You fill one spreadsheet cell. Reply with only the value for the cell: no explanation, no quotes, no "
    "Markdown, a single line.";

std::optional<std::string> ask_prompt(const uno::Reference<uno::XComponentContext>& context) {
  DialogBuilder b(context, "byok: Fill Cells", 220, 62);
  b.add("FixedText", "Label", 6, 6, 208, 10)
      ->setPropertyValue(ascii("Label"), uno::Any(ascii("What should each row's cell contain?")));
  auto edit = b.add("Edit", "Prompt", 6, 18, 208, 14);
  auto ok = b.add("Button", "OK", 110, 42, 50, 14);
  ok->setPropertyValue(ascii("Label"), uno::Any(ascii("Fill")));
  ok->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_OK)));
  ok->setPropertyValue(ascii("DefaultButton"), uno::Any(true));
  auto cancel = b.add("Button", "Cancel", 164, 42, 50, 14);
  cancel->setPropertyValue(ascii("Label"), uno::Any(ascii("Cancel")));
  cancel->setPropertyValue(ascii("PushButtonType"), uno::Any(static_cast<sal_Int16>(awt::PushButtonType_CANCEL)));
  auto dialog = b.create();
  const sal_Int16 result = dialog->execute();
  OUString text;
  edit->getPropertyValue(ascii("Text")) >>= text;
  uno::Reference<lang::XComponent>(dialog, uno::UNO_QUERY_THROW)->dispose();
  if (result != 1 || text.trim().isEmpty()) return std::nullopt;
  return to_utf8(text.trim());
}

std::string cell_text(const uno::Reference<table::XCell>& cell) {
  uno::Reference<text::XText> t(cell, uno::UNO_QUERY);
  return t.is() ? to_utf8(t->getString()) : std::string();
}

// A number stays a number in the sheet; anything else is text.
void write_cell(const uno::Reference<table::XCell>& cell, const std::string& value) {
  char* end = nullptr;
  const double d = std::strtod(value.c_str(), &end);
  if (!value.empty() && end == value.c_str() + value.size()) {
    cell->setValue(d);
    return;
  }
  uno::Reference<text::XText>(cell, uno::UNO_QUERY_THROW)->setString(to_ou(value));
}

struct Row {
  std::string input;
  uno::Reference<table::XCell> target;
};

struct FillJob : std::enable_shared_from_this<FillJob> {
  std::weak_ptr<Host> host;
  std::string prompt, model;
  std::vector<Row> rows;
  size_t next = 0;
  int64_t request = 0, handle = 0;
  bool stopped = false;
  std::string first_error;

  void run_next() {
    auto h = host.lock();
    if (!h) return;
    if (stopped || next >= rows.size()) {
      h->forget(handle);
      if (!first_error.empty()) h->report_error("Fill Cells", first_error);
      else h->status().set_idle(StatusBoard::Kind::Info, stopped ? "Fill Cells stopped." : "Fill Cells done.");
      return;
    }
    const size_t i = next++;
    h->status().set_busy("fill", "byok: filling row " + std::to_string(i + 1) + " of " + std::to_string(rows.size()) + "…");
    auto self = shared_from_this();
    request = h->stream("byok/chat", api::chat_params(prompt + "\n\nRow input: " + rows[i].input, "new", model, kFillSystem, ""),
                        nullptr, [self, i](const RpcOutcome& o) {
                          if (o.ok()) {
                            std::string v = o.result.value("text", std::string());
                            while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
                            try {
                              write_cell(self->rows[i].target, v);
                            } catch (const uno::Exception& e) {
                              if (self->first_error.empty()) self->first_error = "a cell could not be written: " + to_utf8(e.Message);
                            }
                          } else if (o.error->code == kCancelled) {
                            self->stopped = true;
                          } else if (self->first_error.empty()) {
                            self->first_error = "row " + std::to_string(i + 1) + ": " + api::describe_error(*o.error);
                            self->stopped = true;  // the same error would repeat for every row
                          }
                          self->run_next();
                        });
  }
};

}  // namespace

bool run_fill(const std::shared_ptr<Host>& host, const uno::Reference<frame::XFrame>& frame, const Args& args) {
  auto controller = frame->getController();
  uno::Reference<sheet::XSpreadsheetDocument> doc(controller.is() ? controller->getModel() : nullptr, uno::UNO_QUERY);
  uno::Reference<view::XSelectionSupplier> sel(controller, uno::UNO_QUERY);
  uno::Reference<table::XCellRange> range(sel.is() ? sel->getSelection() : uno::Any(), uno::UNO_QUERY);
  uno::Reference<sheet::XCellRangeAddressable> addressable(range, uno::UNO_QUERY);
  if (!doc.is() || !range.is() || !addressable.is()) {
    host->report_error("Fill Cells", "Select the cells to fill in a Calc sheet (one rectangular range).");
    return false;
  }
  const auto a = addressable->getRangeAddress();
  const sal_Int32 columns = a.EndColumn - a.StartColumn + 1, row_count = a.EndRow - a.StartRow + 1;
  if (row_count > 500) {
    host->report_error("Fill Cells", "Select at most 500 rows; each row is one request to the provider.");
    return false;
  }
  auto prompt = string_arg(args, "Prompt");
  if (!prompt) prompt = ask_prompt(host->context());
  if (!prompt) return true;
  auto job = std::make_shared<FillJob>();
  job->host = host;
  job->prompt = *prompt;
  try {
    job->model = string_arg(args, "Model").value_or(load_settings(host->context()).model_selector());
  } catch (const uno::Exception& e) {
    host->report_error("Fill Cells", "cannot read byok's settings: " + to_utf8(e.Message));
    return false;
  }
  // Cell positions inside `range`; with a single column the target is outside it, so go through the sheet.
  for (sal_Int32 r = 0; r < row_count; ++r) {
    Row row;
    const sal_Int32 input_columns = columns > 1 ? columns - 1 : 1;
    for (sal_Int32 c = 0; c < input_columns; ++c) {
      if (c) row.input += " | ";
      row.input += cell_text(range->getCellByPosition(c, r));
    }
    if (columns > 1) {
      row.target = range->getCellByPosition(columns - 1, r);
    } else {
      // Positions in `range` cannot leave it; the column to its right is addressed through the sheet.
      uno::Reference<sheet::XSpreadsheet> sheet;
      uno::Reference<container::XIndexAccess> sheets(doc->getSheets(), uno::UNO_QUERY_THROW);
      sheets->getByIndex(a.Sheet) >>= sheet;
      uno::Reference<table::XCellRange> sheet_range(sheet, uno::UNO_QUERY_THROW);
      row.target = sheet_range->getCellByPosition(a.StartColumn + 1, a.StartRow + r);
    }
    job->rows.push_back(std::move(row));
  }
  std::weak_ptr<FillJob> weak = job;
  job->handle = host->track([weak, host_weak = std::weak_ptr<Host>(host)] {
    auto j = weak.lock();
    auto h = host_weak.lock();
    if (!j || !h) return;
    j->stopped = true;
    h->cancel(j->request);
  });
  job->run_next();
  return true;
}

}  // namespace byok::lo
