"""vanban: từ phiếu báo cáo Excel của các đơn vị đến báo cáo tổng hợp và công văn đúng thể thức."""

__version__ = "0.1.0"
