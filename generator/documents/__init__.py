"""The year's documents: the facts each template receives, the rendering, the summary workbook."""
