"""The renderer: cleaning, strictness, sandbox, determinism, atomic writes."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from generator.documents.render import CompiledTemplate, clean_context, render_docx
from generator.errors import TemplateError
from generator.output.files import pack_zip

REPO = Path(__file__).resolve().parents[1]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_template(path: Path, *paragraphs: str) -> Path:
    """A minimal .docx whose paragraphs hold the given (template) text, one run each."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_text_with_markup_characters_control_chars_and_nfd_survives(
    templates_dir, sample_letter_context
):
    context = sample_letter_context
    nfd = unicodedata.normalize("NFD", "Sở Văn hóa, Thể thao và Du lịch")
    context.agency.name = f"{nfd} & <Ban> Tổ chức"
    context.tasks[0].text = "Dòng một\vDòng hai\x07 & 5 < 6"

    data = render_docx(templates_dir / "cong-van.docx", context)

    texts = body_texts(data)
    assert "Kính gửi: Sở Văn hóa, Thể thao và Du lịch & <Ban> Tổ chức." in texts
    cells = [c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells]
    assert any(cell.endswith(": Dòng một\nDòng hai & 5 < 6") for cell in cells)
    assert all(unicodedata.is_normalized("NFC", text) for text in texts + cells)
    document_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    paragraph = next(
        p
        for p in etree.fromstring(document_xml).iter(f"{W}p")
        if "Dòng một" in "".join(p.itertext())
    )
    assert paragraph.find(f".//{W}br") is not None


def test_newlines_in_a_table_cell_become_line_breaks(templates_dir, sample_report_context):
    sample_report_context.targets[0].planned = "Dòng đầu\nDòng sau"
    data = render_docx(templates_dir / "bao-cao-tong-hop.docx", sample_report_context)
    cells = [
        cell.text
        for table in Document(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert "Dòng đầu\nDòng sau" in cells


def test_straight_quotes_typed_by_a_clerk_become_the_documents_quotes():
    """«Chương trình "Mỗi xã một sản phẩm"» reached the signed report with keyboard quotes;
    a lone one is left alone."""
    cleaned = clean_context({"a": 'Chương trình "Mỗi xã một sản phẩm" (OCOP)', "b": '5" màn hình'})
    assert cleaned == {
        "a": "Chương trình “Mỗi xã một sản phẩm” (OCOP)",
        "b": '5" màn hình',
    }


def test_clean_context_cleans_nested_strings_only():
    cleaned = clean_context({"a": ["x\vy&", {"b": "e\u0301"}], "n": 3, "flag": True})
    # A line break becomes Word's, inside the run's text; the rest of the text is escaped.
    assert cleaned == {
        "a": ['x</w:t><w:br/><w:t xml:space="preserve">y&amp;', {"b": "é"}],
        "n": 3,
        "flag": True,
    }


def test_missing_top_level_variable_is_named(tmp_path):
    template = make_template(tmp_path / "mau.docx", "Kính gửi: {{ addressee }}", "{{ year }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(template, {"year": 2026})
    message = str(caught.value)
    assert "addressee" in message
    assert "mau.docx" in message


def test_missing_nested_variable_is_named(tmp_path):
    template = make_template(tmp_path / "mau.docx", "{{ header.signer.name }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(template, {"header": {"signer": {}}})
    assert "name" in str(caught.value)
    assert caught.value.where.field == "name"


def test_sandbox_escape_is_refused(tmp_path):
    template = make_template(tmp_path / "doc-hai.docx", "{{ ''.__class__.__mro__[1] }}")
    with pytest.raises(TemplateError) as caught:
        render_docx(template, {})
    assert "không được phép" in str(caught.value)
    assert "doc-hai.docx" in str(caught.value)


def test_syntax_error_names_template_and_line(tmp_path):
    template = make_template(tmp_path / "sai.docx", "Mở đầu", "{% if x %}chưa đóng", "Kết")
    with pytest.raises(TemplateError) as caught:
        CompiledTemplate.load(template)
    assert "sai.docx" in str(caught.value)
    assert caught.value.where.line is not None
    assert "dòng" in str(caught.value)


def test_missing_and_broken_template_files(tmp_path):
    with pytest.raises(TemplateError, match="Không tìm thấy"):
        CompiledTemplate.load(tmp_path / "khong-co.docx")
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TemplateError, match="hỏng"):
        CompiledTemplate.load(broken)


def test_autoescape_keeps_xml_well_formed(tmp_path):
    template = make_template(tmp_path / "mau.docx", "{{ text }}")
    data = render_docx(template, {"text": "</w:t></w:r><w:r><w:t>chèn"})
    assert body_texts(data) == ["</w:t></w:r><w:r><w:t>chèn"]


def test_rendering_is_byte_identical_and_dated_from_context(templates_dir, sample_letter_context):
    compiled = CompiledTemplate.load(templates_dir / "cong-van.docx")
    first = compiled.render(sample_letter_context)
    second = CompiledTemplate.load(templates_dir / "cong-van.docx").render(sample_letter_context)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    # unsigned: dated by the last 2024 report received (23/11/2024), not before it
    assert {info.date_time for info in archive.infolist()} == {(2024, 11, 23, 0, 0, 0)}
    props = Document(io.BytesIO(first)).core_properties
    assert props.created.year == 2024 and props.created.month == 11
    assert props.modified == props.created


def test_parts_keep_their_order_and_untouched_parts_are_copied(
    templates_dir, sample_letter_context
):
    template = templates_dir / "cong-van.docx"
    data = render_docx(template, sample_letter_context)
    source = zipfile.ZipFile(template)
    result = zipfile.ZipFile(io.BytesIO(data))
    assert result.namelist() == source.namelist()
    assert result.read("word/styles.xml") == source.read("word/styles.xml")


def test_a_template_can_show_literal_braces_with_docxtpls_escapes(tmp_path):
    template = make_template(tmp_path / "mau.docx", "Cú pháp: {_{ ten }_} và {_% if %_}; {{ ten }}")
    assert body_texts(render_docx(template, {"ten": "{_{ dữ liệu }_}"}))[-1] == (
        "Cú pháp: {{ ten }} và {% if %}; {_{ dữ liệu }_}"
    )


@pytest.mark.parametrize("name", ["cong-van.docx", "bao-cao-tong-hop.docx"])
def test_rendered_zip_is_pack_zips_zip_of_the_same_parts(templates_dir, name, request):
    """Unchanged parts are compressed once per template; the bytes are pack_zip's all the same."""
    context = request.getfixturevalue(
        "sample_report_context" if name.startswith("bao-cao") else "sample_letter_context"
    )
    compiled = CompiledTemplate.load(templates_dir / name)
    data = compiled.render(context)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        parts = [(info.filename, archive.read(info)) for info in infos]
    assert pack_zip(parts, infos[0].date_time) == data
    assert compiled.render(context) == data  # the precompressed parts are not used up
    with zipfile.ZipFile(templates_dir / name) as source:
        unchanged = [n for n in source.namelist() if n.startswith(("word/styles", "word/theme"))]
        assert unchanged and all(dict(parts)[n] == source.read(n) for n in unchanged)


@pytest.mark.parametrize(
    "markup", ["</w:t></w:r>", "<x:tag/>", "<w:t>a</w:r>", "a & b", "<w:t a='1' a='2'/>"]
)
def test_rendered_xml_that_is_not_well_formed_is_refused(tmp_path, markup):
    """|safe lets markup through unescaped; what breaks the XML is refused, never written."""
    template = make_template(tmp_path / "mau.docx", "{{ text|safe }}")
    with pytest.raises(TemplateError, match=r"hỏng cấu trúc XML ở phần word/document\.xml"):
        render_docx(template, {"text": markup})
    assert body_texts(render_docx(template, {"text": "a &amp; b"}))[-1] == "a & b"


def test_line_breaks_and_tabs_in_data_become_words_own(tmp_path):
    template = make_template(tmp_path / "mau.docx", "Trước {{ text }} sau")
    data = render_docx(template, {"text": "a\tb\nc & <d>"})
    assert body_texts(data)[-1] == "Trước a\tb\nc & <d> sau"
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<w:tab/>" in xml and "<w:br/>" in xml and "&amp; &lt;d&gt;" in xml


def test_text_typed_beside_a_paragraph_tag_is_refused_not_lost(tmp_path):
    """One Delete in Word joins a sentence to the paragraph of «{%p endif %}»: docxtpl
    replaces that paragraph by its tag, and the sentence vanished from every letter."""
    template = tmp_path / "cong-van.docx"
    document = Document(REPO / "templates" / "cong-van.docx")
    tag = next(p for p in document.paragraphs if p.text.strip().startswith("{%p endif"))
    tag.add_run(" Kinh phí: xem phụ lục.")
    document.save(template)
    with pytest.raises(TemplateError) as refused:
        CompiledTemplate.load(template)
    assert "vừa có chữ «Kinh phí: xem phụ lục.»" in refused.value.text
    assert "thẻ {%p … %} phải đứng một mình một đoạn" in refused.value.text


def test_a_bare_date_prints_as_a_clerk_writes_it_and_a_group_of_facts_is_refused(tmp_path):
    template = tmp_path / "mau.docx"
    document = Document()
    document.add_paragraph("Hạn: {{ deadline }}; nơi nhận: {{ names }}.")
    document.save(template)
    data = render_docx(template, {"deadline": date(2025, 11, 5), "names": ["A", "B", "C"]})
    assert "Hạn: 05/11/2025; nơi nhận: A, B và C." in [
        p.text for p in Document(io.BytesIO(data)).paragraphs
    ]
    document = Document()
    document.add_paragraph("Kế hoạch: {{ plan }}")
    document.save(template)
    with pytest.raises(TemplateError) as refused:
        render_docx(template, {"plan": {"number": 65}})
    assert "là cả một nhóm thông tin nên không in ra được" in refused.value.text


def _with_part(path: Path, name: str, change) -> Path:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = change(parts.get(name))
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _part(root: str, inner: str) -> bytes:
    """A part of a .docx other than the body («comments», «footnotes»), holding ``inner``."""
    return f'<w:{root} xmlns:w="{W_NS}">{inner}</w:{root}>'.encode()


@pytest.mark.parametrize("mark", ["ins", "del"])
def test_a_template_with_tracked_changes_is_refused_naming_the_paragraph(tmp_path, mark):
    """Track Changes left on while editing: every letter would carry the marks."""
    path = make_template(tmp_path / "mau.docx", "Kính gửi: {{ name }}", "Trân trọng đề nghị.")

    def tracked(xml: bytes) -> bytes:
        root = etree.fromstring(xml)
        run = root.findall(f".//{{{W_NS}}}r")[1]
        if mark == "del":
            run.find(f"{{{W_NS}}}t").tag = f"{{{W_NS}}}delText"
        wrapper = etree.Element(f"{{{W_NS}}}{mark}")
        wrapper.set(f"{{{W_NS}}}id", "1")
        wrapper.set(f"{{{W_NS}}}author", "Van thu")
        run.addprevious(wrapper)
        wrapper.append(run)
        return etree.tostring(root)

    _with_part(path, "word/document.xml", tracked)
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    message = raised.value.message()
    assert "thay đổi được theo dõi" in message and "«Trân trọng đề nghị.»" in message
    assert "Chấp nhận Tất cả" in message and "mau.docx" in message


def test_a_template_with_comments_is_refused(tmp_path):
    path = make_template(tmp_path / "mau.docx", "Kính gửi: {{ name }}")
    comment = '<w:comment w:id="0" w:author="Hoa">' + _paragraph("Sếp muốn bỏ câu này")
    _with_part(path, "word/comments.xml", lambda _: _part("comments", comment + "</w:comment>"))
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    assert "còn 1 ghi chú" in raised.value.message()


def test_an_unknown_filter_in_a_branch_not_taken_is_refused_with_its_paragraph(tmp_path):
    """Jinja looks a filter up only when its branch runs: a typo in a branch no agency takes
    this year passed every check and stopped generate the year one did."""
    path = make_template(
        tmp_path / "mau.docx",
        "Kính gửi: {{ name }}",
        "{% if never %}Hạn trả lời {{ day | ngay_ngna }}{% endif %}",
    )
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    message = raised.value.message()
    assert "bộ lọc «ngay_ngna» không có" in message
    assert "«{% if never %}Hạn trả lời {{ day | ngay_ngna }}{% endif %}»" in message
    assert "vanban mau-van-ban" in message


def test_a_block_tag_alone_without_its_p_is_refused_with_the_fix(tmp_path):
    """«{% if x %}» on a line of its own leaves an empty paragraph in every document."""
    path = make_template(
        tmp_path / "mau.docx", "Kính gửi: {{ name }}", "{% if name %}", "Nội dung.", "{% endif %}"
    )
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    message = raised.value.message()
    assert "«{% if name %}» chỉ có một thẻ {% if … %}" in message
    assert "Viết «{%p if name %}»" in message
    fixed = make_template(
        tmp_path / "mau2.docx",
        "Kính gửi: {{ name }}",
        "{%p if name %}",
        "Nội dung.",
        "{%p endif %}",
    )
    assert body_texts(CompiledTemplate.load(fixed).render({"name": "A"})) == [
        "Kính gửi: A",
        "Nội dung.",
    ]


def test_the_fix_offered_for_a_bare_tag_with_a_dash_is_a_plain_paragraph_tag(tmp_path):
    """«{%- if x %}» alone: the fix is «{%p if x %}»; «{%-p …» removed the heading before."""
    path = make_template(
        tmp_path / "mau.docx", "Tiêu đề", "{%- if name -%}", "Nội dung.", "{%p endif %}"
    )
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    assert "Viết «{%p if name %}»" in raised.value.message()


def test_track_changes_left_on_in_a_template_is_off_in_its_documents(tmp_path):
    path = make_template(tmp_path / "mau.docx", "Kính gửi: {{ name }}")

    def tracking_on(xml: bytes) -> bytes:
        return xml.replace(b"</w:settings>", b"<w:trackRevisions/></w:settings>")

    _with_part(path, "word/settings.xml", tracking_on)
    with zipfile.ZipFile(path) as archive:
        assert b"trackRevisions" in archive.read("word/settings.xml")
    data = CompiledTemplate.load(path).render({"name": "A"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        settings = archive.read("word/settings.xml")
    assert b"trackRevisions" not in settings and b"</w:settings>" in settings


def test_a_name_set_in_both_branches_of_an_if_is_the_templates_own(tmp_path):
    """Jinja's analysis calls «xung_ho» undeclared when set inside {% if %}/{% else %};
    it renders fine, and was refused as «Mẫu cần biến «xung_ho» nhưng dữ liệu không có»."""
    path = make_template(
        tmp_path / "mau.docx",
        "{% if local %}{% set xung_ho = 'Ủy ban' %}{% else %}{% set xung_ho = 'Quý cơ quan' %}"
        "{% endif %}Kính đề nghị {{ xung_ho }} phối hợp.",
    )
    template = CompiledTemplate.load(path)
    assert "xung_ho" not in template.variables
    assert body_texts(template.render({"local": False})) == ["Kính đề nghị Quý cơ quan phối hợp."]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Kính gửi: {{ name | chu_hoa }}", "chu_hoa"),
        ("{% set n = name | lenght %}{{ n }}", "lenght"),
        ("{{ names | map('liet_kee') | join(', ') }}", "liet_kee"),
    ],
    ids=["plain", "in-set", "by-name"],
)
def test_an_unknown_filter_anywhere_is_named_with_its_paragraph(tmp_path, text, name):
    """Outside any {% if %} Jinja refused it while compiling, told as a syntax error over
    the whole part; given to map() by name it failed only when rendered, in English."""
    path = make_template(tmp_path / "mau.docx", "Tiêu đề", text)
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    message = raised.value.message()
    assert f"Mẫu dùng bộ lọc «{name}» không có" in message and "cú pháp" not in message
    assert len(message) < 400


@pytest.mark.parametrize(
    "text",
    ["Đề nghị {{ name }} {%- if local %} (địa phương){%- endif %} gửi báo cáo.", "{{- name }} ạ"],
)
def test_a_dash_inside_a_tag_that_would_eat_words_is_refused(tmp_path, text):
    """docxtpl reads «{%-» as «join with the paragraph before»: «Đề nghị Sở Y tế» vanished
    from every letter."""
    path = make_template(tmp_path / "mau.docx", "Đoạn trước giữ nguyên.", text)
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    assert "Bỏ dấu «-» (viết {% … %})" in raised.value.message()


def test_a_date_filter_given_no_date_says_so(tmp_path):
    """«{{ agency.name | ngay_thang }}» printed nothing in every letter."""
    path = make_template(tmp_path / "mau.docx", "Hạn: {{ name | ngay_thang }}.")
    template = CompiledTemplate.load(path)
    with pytest.raises(TemplateError) as raised:
        template.render({"name": "Sở Y tế"})
    assert "bộ lọc ngay_thang cần một ngày, nhưng nhận «Sở Y tế»" in raised.value.message()
    assert body_texts(template.render({"name": None})) == ["Hạn: ."]  # no date: nothing said


def test_a_field_in_a_footnote_is_filled(tmp_path):
    """A footnote typed in Word kept «{{ … }}» as text in every document."""
    path = make_template(tmp_path / "mau.docx", "Kính gửi: {{ name }}")
    footnote = '<w:footnote w:id="1">' + _paragraph("Xem {{ name }}.") + "</w:footnote>"
    _with_part(path, "word/footnotes.xml", lambda _: _part("footnotes", footnote))
    data = CompiledTemplate.load(path).render({"name": "Kế hoạch số 65"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"Xem K\xe1\xba\xbf ho\xe1\xba\xa1ch s\xe1\xbb\x91 65." in archive.read(
            "word/footnotes.xml"
        )


def test_an_element_missing_from_a_list_is_told_as_such(tmp_path):
    """«trường «list object has no element 0»: Mẫu cần biến «list object has no element 0»»."""
    path = make_template(tmp_path / "mau.docx", "Đầu tiên: {{ names[0] }}")
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path).render({"names": []})
    message = raised.value.message()
    assert "Mẫu đọc một phần tử không có trong dữ liệu" in message
    assert "Mẫu cần biến «list" not in message and "trường" not in message


@pytest.mark.parametrize(
    "alone, fix",
    [("{% set n = 1 %}", "{%p set n = 1 %}"), ("{# ghi chú của văn thư #}", "{#p")],
    ids=["set", "comment"],
)
def test_a_set_or_a_comment_alone_on_its_paragraph_is_refused_with_the_fix(tmp_path, alone, fix):
    """Each left an empty paragraph in every document."""
    path = make_template(tmp_path / "mau.docx", "Đầu.", alone, "Cuối.")
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    assert f"«{fix}" in raised.value.message()
    fixed_text = fix if fix.endswith("%}") else "{#p ghi chú của văn thư #}"
    fixed = make_template(tmp_path / "mau2.docx", "Đầu.", fixed_text, "Cuối.")
    assert body_texts(CompiledTemplate.load(fixed).render({})) == ["Đầu.", "Cuối."]


def test_text_beside_a_row_tag_is_refused(tmp_path):
    """«{%tr for … %}» stands for its whole row: text in its other cells vanished."""
    document = Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for n in names %}"
    table.cell(0, 1).text = "chữ trong dòng thẻ"
    table.cell(1, 0).text = "{{ n }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    path = tmp_path / "mau.docx"
    document.save(path)
    with pytest.raises(TemplateError) as raised:
        CompiledTemplate.load(path)
    assert "còn có chữ «chữ trong dòng thẻ» ở ô khác" in raised.value.message()
    table.cell(0, 1).text = ""
    document.save(path)
    CompiledTemplate.load(path)  # the tag alone in its row: fine


def test_a_dash_that_trims_spaces_inside_its_paragraph_is_jinjas_own(tmp_path):
    """«{% if x -%}   địa phương{% else -%}   cấp tỉnh{% endif %}» rendered as meant."""
    path = make_template(
        tmp_path / "mau.docx",
        "Đơn vị {% if local -%}   địa phương{% else -%}   cấp tỉnh{% endif %}, năm 2025.",
    )
    assert body_texts(CompiledTemplate.load(path).render({"local": False})) == [
        "Đơn vị cấp tỉnh, năm 2025."
    ]


def test_a_date_filter_reads_a_date_already_written():
    """cong-van-sua-phieu's due_date is written «17/11/2025»: «| ngay_thang» printed nothing."""
    from generator.documents.filters import ngay_ngan, ngay_thang

    assert ngay_thang("17/11/2025") == "ngày 17 tháng 11 năm 2025"
    assert ngay_ngan("17/11/2025") == "17/11/2025"
