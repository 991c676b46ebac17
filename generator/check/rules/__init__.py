"""The rules of `vanban check`: one function per row of ``decree.RULES``, in its order.

Each rule looks at the parts of the document found by ``text.Document`` and ``parts`` and
returns one ``Finding``: passed, or the worst of its problems (an error or a
recommendation), naming what was found and where.
"""

from __future__ import annotations

from generator.check.rules.base import Finding
from generator.check.rules.body import check_body, check_citations, check_headings, check_signer
from generator.check.rules.closing import (
    check_appendices,
    check_drafter,
    check_kinh_gui,
    check_kinh_gui_layout,
    check_recipients,
)
from generator.check.rules.header import (
    check_issuing_body,
    check_number,
    check_place_date,
    check_positions,
    check_quoc_hieu,
    check_tieu_ngu,
    check_title,
)
from generator.check.rules.page import (
    check_colour,
    check_fonts,
    check_margins,
    check_orientation,
    check_page_numbers,
    check_page_size,
)

__all__ = ["CHECKS", "Finding"]

CHECKS = (
    check_page_size,
    check_orientation,
    check_margins,
    check_fonts,
    check_colour,
    check_positions,
    check_page_numbers,
    check_quoc_hieu,
    check_tieu_ngu,
    check_issuing_body,
    check_number,
    check_place_date,
    check_title,
    check_citations,
    check_headings,
    check_body,
    check_signer,
    check_kinh_gui,
    check_kinh_gui_layout,
    check_recipients,
    check_appendices,
    check_drafter,
)
