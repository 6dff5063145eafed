"""结果应用: a round's rule tying each grade to next year's budget, applied to units with their budgets."""
