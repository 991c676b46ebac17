"""`vanban check`: a .docx against the layout of Nghị định 30/2020/NĐ-CP."""
