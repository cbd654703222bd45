"""Which story appears on which site, and how each republished (wire) copy was edited."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Copy:
    """One site's copy of a story, with the small edits that site made to it."""

    story: str
    site: str
    headline: str | None = None            # None keeps the story's headline
    dateline: str = ""                     # prefixed to the first paragraph
    byline: str | None = None              # None keeps the story's author
    replace: tuple[tuple[str, str], ...] = ()     # word or phrase swaps, all occurrences
    cut: tuple[str, ...] = ()              # whole sentences removed
    add: tuple[tuple[int, str], ...] = ()  # (paragraph index, sentence appended to it)
    delay_minutes: int = 0                 # published this long after the story


# Wire stories: the same agency copy on 2-4 sites, each with its own small edits.
WIRE_COPIES: tuple[Copy, ...] = (
    Copy("port-strike", "daily-planet", dateline="LONDON (Wire) \u2014 ",
         byline="Amelia Hart, Wire"),
    Copy("port-strike", "metro-herald",
         headline="Ports grind to a halt as dockers strike over pay",
         replace=(("walked out", "downed tools"),),
         cut=("Cranes stood idle at Felixport, Southmere and Kingsholm as picket lines formed "
              "outside the main gates shortly after the night shift ended at six o'clock.",),
         byline="Wire staff", delay_minutes=35),
    Copy("port-strike", "coast-gazette", dateline="LONDON (Wire) \u2014 ",
         add=((3, "Ferry services from Saltcombe harbour, which is not part of the dispute, "
                  "ran normally."),),
         delay_minutes=80),

    Copy("rate-decision", "daily-planet", byline="Daniel Osei, Wire"),
    Copy("rate-decision", "metro-herald",
         headline="Interest rates held at 4.25% as bank hints at autumn cut",
         dateline="LONDON (Wire) \u2014 ", byline="Wire staff", delay_minutes=20),
    Copy("rate-decision", "river-times",
         cut=("It was the fourth consecutive meeting at which the rate was left on hold.",),
         replace=(("reacted calmly", "reacted quietly"),), delay_minutes=140),
    Copy("rate-decision", "coast-gazette",
         headline="Rates on hold, but relief for borrowers may be on the way",
         add=((5, "Estate agents in Saltcombe said buyers had already become more active "
                  "over the summer."),),
         delay_minutes=65),

    Copy("river-flood-warning", "metro-herald", dateline="ASHBY BRIDGE (Wire) \u2014 ",
         byline="Lucy Brennan, Wire"),
    Copy("river-flood-warning", "river-times",
         headline="Homes evacuated as Ashby valley braces for worst floods on record",
         add=((7, "Anyone who needs help can call the council's emergency line, which is "
                  "staffed around the clock."),),
         delay_minutes=45),

    Copy("retailer-data-breach", "daily-planet", dateline="LONDON (Wire) \u2014 "),
    Copy("retailer-data-breach", "river-times",
         headline="Larkfield data breach: what customers need to know",
         replace=(("cyber attack", "hacking attack"),), delay_minutes=90),
    Copy("retailer-data-breach", "coast-gazette",
         cut=("Shares in the company's parent group fell 3% in early trading on Wednesday.",),
         byline="Wire staff", delay_minutes=30),

    Copy("comet-probe", "metro-herald", dateline="DARMSTADT (Wire) \u2014 "),
    Copy("comet-probe", "river-times",
         headline="Lyra probe's comet close-up reveals cliffs, caves and jets",
         cut=("They took almost a day to reach Earth and were released by mission scientists "
              "at a briefing on Monday.",),
         delay_minutes=120),
    Copy("comet-probe", "coast-gazette",
         add=((5, "Stargazers along the coast should be able to see the comet through "
                  "binoculars in late August."),),
         replace=(("remarkable achievement", "extraordinary achievement"),),
         byline="Hannah Feld, Wire", delay_minutes=55),
)

# Stories that appear on one site only. The two heatwave stories are the hard negatives:
# same topic and one shared quoted sentence, but different stories.
UNIQUE_COPIES: tuple[Copy, ...] = (
    Copy("heatwave-hospitals", "daily-planet"),
    Copy("council-cycle-lanes", "daily-planet"),
    Copy("orchestra-funding", "daily-planet"),
    Copy("stadium-vote", "metro-herald"),
    Copy("school-meals", "metro-herald"),
    Copy("community-garden", "river-times"),
    Copy("bakery-apprentices", "river-times"),
    Copy("heatwave-rail", "coast-gazette"),
    Copy("lifeboat-rescue", "coast-gazette"),
    Copy("pier-restoration", "coast-gazette"),
)

HARD_NEGATIVES: tuple[tuple[str, str], ...] = (("heatwave-hospitals", "heatwave-rail"),)


def copies_for(site: str) -> list[Copy]:
    """Every copy published on ``site``."""
    return [c for c in WIRE_COPIES + UNIQUE_COPIES if c.site == site]


def wire_story_ids() -> list[str]:
    """Ids of the stories republished on more than one site."""
    return sorted({c.story for c in WIRE_COPIES})
