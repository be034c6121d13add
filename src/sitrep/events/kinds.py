"""ACLED's six event types (snake_case), as every layer names them."""

EVENT_TYPES = ("battles", "explosions_remote_violence", "violence_against_civilians", "protests", "riots",
               "strategic_developments")
VIOLENT = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians"})
