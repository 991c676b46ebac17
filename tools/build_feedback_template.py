"""Write ``templates/cong-van-sua-phieu.docx``: the letter asking an agency to correct its form.

    python tools/build_feedback_template.py [--out templates]

It is the reminder template (``cong-van-don-doc.docx``, built by tools/build_templates.py)
with its own subject line and body: the same decree layout (header, "Kính gửi", body style,
the last paragraphs kept with the signature, "Nơi nhận"), and the letter's wording in the
template, where a clerk can edit it in Word. Variables are the fields of
:class:`generator.feedback.FeedbackLetterContext`. Run it again after build_templates.py.
The output is deterministic: the same reminder template gives the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import sys
import zipfile
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.output.files import pack_zip  # noqa: E402

SOURCE = "cong-van-don-doc.docx"
TARGET = "cong-van-sua-phieu.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
T = f"{{{W}}}t"

SUBJECT = "V/v sửa và gửi lại phiếu báo cáo năm {{ year }} theo Kế hoạch số {{ plan_number }}"
BODY = [
    "{{ issuer }} đã nhận được phiếu báo cáo năm {{ year }} của {{ addressee }} về kết quả "
    "thực hiện {{ plan_reference }} (tệp {{ file_names }}).",
    "Qua kiểm tra, phiếu báo cáo còn {{ finding_count }} lỗi nên chưa tổng hợp được.",
    "{%p if feedback_files %}",
    "Các lỗi được liệt kê tại trang tính «Lỗi cần sửa» của tệp {{ feedback_files }} gửi kèm "
    "Công văn này; mỗi ô cần sửa được tô màu và có ghi chú nêu rõ lỗi.",
    "{%p endif %}",
    "{%p for line in unlocated %}",
    "- {{ line }}",
    "{%p endfor %}",
]
# Kept with the signature block, like the reminder's last paragraphs.
CLOSING = [
    "Đề nghị {{ addressee }} sửa các lỗi nêu trên và gửi lại phiếu báo cáo về {{ issuer }} "
    "trước ngày {{ due_date }} để kịp tổng hợp, báo cáo theo quy định./.",
]


def _text(paragraph: etree._Element) -> str:
    return "".join(node.text or "" for node in paragraph.iter(T))


def _with_text(model: etree._Element, text: str) -> etree._Element:
    paragraph = copy.deepcopy(model)
    nodes = list(paragraph.iter(T))
    nodes[0].text = text
    for extra in nodes[1:]:
        extra.getparent().remove(extra)
    return paragraph


def rewrite(document: bytes) -> bytes:
    root = etree.fromstring(document)
    paragraphs = list(root.iter(f"{{{W}}}p"))
    texts = [_text(p) for p in paragraphs]
    [subject] = [
        p for p, text in zip(paragraphs, texts, strict=True) if text == "{{ subject_line }}"
    ]
    next(subject.iter(T)).text = SUBJECT
    first = texts.index("{%p for paragraph in paragraphs[:-2] %}")
    last = texts.index("{%p endfor %}", texts.index("{%p for paragraph in paragraphs[-2:] %}"))
    body_model, kept_model = paragraphs[first + 1], paragraphs[last - 1]
    replacement = [_with_text(body_model, text) for text in BODY]
    replacement += [_with_text(kept_model, text) for text in CLOSING]
    anchor = paragraphs[first]
    parent = anchor.getparent()
    position = parent.index(anchor)
    for old in paragraphs[first : last + 1]:
        parent.remove(old)
    for offset, paragraph in enumerate(replacement):
        parent.insert(position + offset, paragraph)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(folder: Path) -> Path:
    with zipfile.ZipFile(folder / SOURCE) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    files = [
        (name, rewrite(data) if name == "word/document.xml" else data) for name, data in entries
    ]
    target = folder / TARGET
    target.write_bytes(pack_zip(files))
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "templates")
    args = parser.parse_args(argv)
    print(build(args.out))


if __name__ == "__main__":
    main()
