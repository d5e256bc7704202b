"""Fixed text the app and the handout show: safety, side effects, evidence caveats. Written for kcost.

Kept apart from the UI code so that reviewers can read and correct the words
without reading Streamlit calls, and so the CLI or a printed summary can use
them too. Markdown, no HTML. Short sentences and common words: the plain-language
test (tests/present/test_plain_language.py) measures every one of them.
"""

from __future__ import annotations

__all__ = [
    "BOXED_WARNINGS",
    "CAVEATS",
    "CRISIS_LINE",
    "EVIDENCE_STRENGTH",
    "HANDOUT_BY_KIND",
    "NOT_ADVICE",
    "PRACTICALITIES",
    "QUESTIONS_TO_ASK",
    "SIDE_EFFECTS",
    "WHAT_MATTERS",
    "WHO_SHOULD_NOT",
]

CRISIS_LINE = (
    "**In crisis or thinking about suicide?** In the US, call or text **988**, the Suicide & Crisis Lifeline. "
    "It is open all day and night. Outside the US, call your local emergency number."
)

NOT_ADVICE = (
    "**Not medical advice.** kcost is a tool to help you think about costs. Its figures are rough. "
    "Talk with a licensed clinician before you start, stop or change any treatment."
)

WHO_SHOULD_NOT = """\
**Esketamine must not be used** by people who have:

- a bulging or weak blood vessel (an aneurysm) in the brain, chest, belly, arms or legs;
- a tangle of blood vessels (an AV malformation);
- had bleeding in the brain;
- had an allergic reaction to esketamine or ketamine.

**Ketamine and esketamine are not advised** during pregnancy or while breastfeeding.

**Ketamine and esketamine need a specialist's care, or may be ruled out,** for people with:

- a psychotic illness such as schizophrenia;
- heart disease that is not stable, or high blood pressure that is not under control;
- drug or alcohol use that is not being treated;
- bipolar disorder with mania.
"""

BOXED_WARNINGS = """\
- **Suicidal thoughts in young people.** Antidepressants (SSRIs and SNRIs) and esketamine carry
  the FDA's strongest warning. In people under 25, they can raise suicidal thoughts and actions,
  most of all in the first months and after a dose change. Family and friends should watch for changes.
- **Esketamine** also carries this warning for sleepiness, feeling detached, slowed breathing,
  and misuse. That is why it is given only in a clinic, with staff watching you.
"""

SIDE_EFFECTS = """\
**Ketamine and esketamine**: nausea, dizziness, feeling detached from yourself or the room,
blurred vision, headache, and strong feelings during a session. Blood pressure goes up for a
short time after each dose. Frequent or long use can harm the bladder and can lead to misuse.

**SSRIs and SNRIs**: in the first weeks you may feel jittery or more anxious. Nausea, sleep
changes and sexual side effects are common. It takes some weeks before the medicine helps.
Stopping all at once can cause dizziness, flu-like feelings and mood changes, so a clinician
should help you taper off slowly.
"""

PRACTICALITIES = """\
- After ketamine or esketamine, do not drive for the rest of that day. Someone must take you home.
- Esketamine is given only in a certified clinic, under a safety program called a REMS.
  You stay for at least 2 hours so staff can watch you. Do not drive until the next day
  after a good night's sleep.
- At-home ketamine needs another adult with you in the room during each session, not just
  a ride. Programs call this person a sitter or a treatment monitor.
- CBT means about an hour a week with a therapist, plus travel and practice at home.
"""

CAVEATS = """\
- **One dose wears off fast.** In anxiety studies, relief from one ketamine dose lasted about
  a week (from a day to two weeks). After a first series, relief in depression lasted a median
  of 18 days. That is why clinics sell boosters, and why the costs keep rising.
- **Esketamine is approved for hard-to-treat depression, not for anxiety.** Insurance may
  pay for it when it will not pay for ketamine.
- **The proof for anxiety is thin.** One review found no trial of ketamine in general anxiety
  that met its rules. Many figures here come from depression studies. Several studies were
  run or paid for by companies that sell the treatment. Those figures are marked *weak*.
- **Two fair views.** Supporters point to relief within hours for people whom other
  treatments did not help. Doubters point to small, short studies, effects that fade in days,
  and high repeat costs. Both views rest on the same small amount of data.
- **SSRIs take time.** In anxiety trials, people on the drug did better than on placebo within
  two weeks. The full effect takes six to twelve weeks.
"""

EVIDENCE_STRENGTH = """\
- **Moderate**: a fair-sized trial with a comparison group.
- **Weak**: a small study, a study with no comparison group, a study run by the seller, or a
  figure read second-hand.
- **Assumption**: a choice kcost made where there is no study. Change it to fit your case.
"""

QUESTIONS_TO_ASK = """\
- Which treatments would you suggest for my kind of anxiety, and why?
- How will we know if it is working, and when would we stop if it is not?
- What side effects should I watch for, and who do I call if they happen?
- What will I pay per visit or per fill, and will my insurance cover it?
- How many visits will I need, and how long does each one take?
- If it helps, how long will I need to keep going?
- Is this treatment safe with my other health problems and medicines?
"""

WHAT_MATTERS = """\
Think about what matters most to you. There is no right order. These points can help you
read the table:

- **Speed**: how soon you might feel better.
- **Cost**: what you pay now and over time.
- **Visits**: how many trips and hours it takes.
- **Side effects**: which ones you could live with.
"""

#: Short words for the one-page handout, by the plan's ``kind`` (declared in the assumptions file), for the rows
#: "Common side effects", "Who should not use it" and "Practicalities". Plain text, no Markdown: each cell of the
#: handout is a narrow column, so every entry stays within about 200 characters.
HANDOUT_BY_KIND: dict[str, dict[str, str]] = {
    "ketamine": {
        "side_effects": "Nausea, dizziness, feeling unreal, blurred vision, strong feelings. Used often: bladder harm, dependence.",
        "who_should_not": "Not with psychosis, mania, untreated drug use, or heart or blood pressure problems not under control. Not in pregnancy.",
        "practicalities": "Blood pressure rises for a while after a dose. Clinic: a ride home. At home: another adult with you. No driving that day.",
    },
    "esketamine": {
        "side_effects": "You may feel sleepy, dizzy, sick or unreal, and blood pressure goes up. Label warns of slow breathing and misuse.",
        "who_should_not": "Must not be used with an aneurysm or malformed blood vessel, past brain bleeding, or ketamine allergy. Not in pregnancy.",
        "practicalities": "Only in a certified clinic. You stay 2 hours or more after each dose. No driving until the next day.",
    },
    "ssri": {
        "side_effects": "Jitters or more worry at first, nausea, sleep changes, sexual side effects. Stopping all at once causes symptoms.",
        "who_should_not": "Under 25: the label warns of more suicidal thoughts. Ask a prescriber about your other medicines.",
        "practicalities": "A pill each day and visits to check how it goes. It takes weeks to work.",
    },
    "therapy": {
        "side_effects": "No medicine side effects. Facing fears can feel hard for a while before it helps.",
        "who_should_not": "Most people can try it. If you are in crisis, you may need more help at once.",
        "practicalities": "A weekly one-hour session for about 3 months, plus practice at home.",
    },
}
