"""The web system: rounds of self-evaluation between units, 主管部门 and the 财政局 (docs/web.md)."""
