"""Fixed text the app shows: safety, side effects, evidence caveats. Written for kcost.

Kept apart from the UI code so that reviewers can read and correct the words
without reading Streamlit calls, and so the CLI or a printed summary could use
them too. Markdown, no HTML.
"""

from __future__ import annotations

__all__ = [
    "CAVEATS",
    "CRISIS_LINE",
    "HANDOUT_BY_KIND",
    "NOT_ADVICE",
    "PRACTICALITIES",
    "SIDE_EFFECTS",
    "WHO_SHOULD_NOT",
]

NOT_ADVICE = (
    "**Not medical advice.** kcost is a decision aid with rough, published figures. "
    "Talk the options over with a licensed clinician before you start, stop or change any treatment."
)

WHO_SHOULD_NOT = """\
Ketamine and esketamine are not for everyone. Without a specialist managing the
treatment, they should be avoided by people with:

- a psychotic disorder such as schizophrenia;
- heart disease that is not stable, or blood pressure that is not under control;
- current substance use that is not being treated;
- bipolar disorder with mania.
"""

SIDE_EFFECTS = """\
**Ketamine and esketamine**: nausea, dizziness, feeling detached from yourself or
your surroundings (dissociation), blurred vision, headache, and strong emotions
during a session. Frequent or long-term use can damage the bladder and can lead
to dependence.

**SSRIs and SNRIs**: tiredness, weight change and sexual side effects are common,
and it usually takes some weeks before the medicine helps.
"""

PRACTICALITIES = """\
- After a ketamine session you need someone to drive you home.
- Esketamine is given in a certified clinic, where you stay for at least two hours
  of observation, and you may not drive for the rest of that day.
"""

CAVEATS = """\
- **One dose wears off quickly.** In anxiety studies the calming effect of a single
  ketamine dose lasted about a week (one day to two weeks); after an induction series
  in depression, people who responded relapsed after a median of 18 days. That is why
  clinics sell boosters, and why the costs above keep rising.
- **Esketamine is approved for treatment-resistant depression, not for anxiety.**
  Insurers may cover it where off-label ketamine is paid in cash.
- **The evidence for anxiety is thin.** One systematic review found no trial in
  generalised anxiety disorder that met its criteria. Most response rates and many
  timings here come from depression studies, and several studies were run or paid
  for by companies that sell the treatment; those figures are marked *weak*.
- **Two honest readings.** Supporters point to relief within hours for people whom
  other treatments did not help. Sceptics point to small, short, often unblinded
  studies, effects that fade within days, and high repeat costs. Both views rest on
  the same limited data.
- **SSRIs take time.** Anxiety trials show a first difference from placebo in the
  first two weeks, but the full effect takes six to twelve weeks.
"""

CRISIS_LINE = (
    "In a crisis in the US, call or text 988 (Suicide & Crisis Lifeline). "
    "Elsewhere, call your local emergency number."
)

#: Short words for the one-page handout, by the plan's ``kind`` (declared in the assumptions file), for the rows
#: "Common side effects", "Who should not use it" and "Practicalities". Plain text, no Markdown: each cell of the
#: handout is a narrow column, so every entry stays within about 200 characters.
HANDOUT_BY_KIND: dict[str, dict[str, str]] = {
    "ketamine": {
        "side_effects": (
            "Nausea, dizziness, feeling detached or unreal, blurred vision, headache, strong feelings in a "
            "session. Used often or for long: bladder harm and dependence."
        ),
        "who_should_not": (
            "People with psychosis, mania, heart disease or high blood pressure that is not under control, "
            "or drug or alcohol use that is not treated. Not advised in pregnancy or while breastfeeding."
        ),
        "practicalities": "Blood pressure rises for a short time after a dose. You need a ride home after a clinic session.",
    },
    "esketamine": {
        "side_effects": (
            "Sleepiness, feeling detached or unreal, dizziness, nausea, a short rise in blood pressure. "
            "Label warns of slowed breathing, misuse and suicidal thoughts."
        ),
        "who_should_not": (
            "People with a bulging blood vessel (aneurysm), a malformed blood vessel, past bleeding in the "
            "brain, or an allergy to ketamine. Not advised in pregnancy or while breastfeeding."
        ),
        "practicalities": (
            "Only in a certified clinic. You stay at least 2 hours after each dose and may not drive until "
            "the next day."
        ),
    },
    "ssri": {
        "side_effects": (
            "Jitters or more anxiety in the first weeks, nausea, sleep changes, tiredness, weight change, "
            "sexual side effects. Stopping all at once can cause symptoms."
        ),
        "who_should_not": (
            "Ask a prescriber first if you are under 25: the label warns of more suicidal thoughts at that "
            "age."
        ),
        "practicalities": "A pill each day. Visits with the prescriber to check how it goes. It takes weeks to work.",
    },
}
