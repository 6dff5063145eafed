"""Reading frameworks and facts from files; every problem is named with its file and place."""
