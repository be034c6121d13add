"""Events: who did what to whom, where, when and how many, from the language and geo layers."""
