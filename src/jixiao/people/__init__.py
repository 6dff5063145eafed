"""Rules for the people and units a 财政局 adds (pure, no Django): phone numbers, codes, one-time passwords."""
