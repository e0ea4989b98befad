"""Source texts written for the curation tests, in the blog's and mid.ru's formats."""

from __future__ import annotations

HEADING = (
    "Conférence de presse de Sergueï Lavrov, Ministre des Affaires étrangères de la Fédération "
    "de Russie, à l’issue de la réunion du Conseil des ministres des Affaires étrangères de "
    "l’OCS, Douchanbé, {day} juillet 2021"
)

ANSWERS = [
    "L’Organisation de coopération de Shanghai reste un pilier de la stabilité régionale.\n\n"
    "Nous travaillons avec nos partenaires sur la sécurité de l’Asie centrale.",
    "Nos relations avec le Kazakhstan sont excellentes.",
    "La réunion a adopté une déclaration commune sur l’Afghanistan.",
    "Merci de votre attention.",
]


def press(
    *,
    day: int = 14,
    answers: list[str] = ANSWERS,
    number: int | None = None,
    heading: str = HEADING,
) -> str:
    """A press conference of Sergueï Lavrov: one question and one answer per item."""
    lines = []
    if number is not None:
        lines += [f"{number} – {heading.format(day=day)}", ""]
    lines += [heading.format(day=day), ""]
    for n, answer in enumerate(answers, start=1):
        lines += [
            f"Question : Que pensez-vous du sujet {n} ?",
            "",
            f"Sergueï Lavrov : {answer}",
            "",
        ]
    return "\n".join(lines)
