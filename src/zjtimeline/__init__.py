"""zjtimeline: a timeline and fact lookup for ten years of party building in Zhejiang."""

__version__ = "0.1.0"
