"""The small closed word lists of French diplomatic transcripts, as ``search_form`` keys.

Open lists (countries, places, organisations, people) are reference data; these are grammar:
the function and role words a speaker label or a place may contain.
"""

FUNCTION_WORDS = frozenset(
    "de du des la le les l d et par a aux au en pour aupres sur ou chez".split()
)
ROLE_WORDS = frozenset(
    """
    president presidente premier premiere ministre ministres secretaire general generale
    adjoint adjointe vice interim affaires etrangeres exterieures exterieur etranger
    porte parole chef cheffe representant representante permanent permanente special speciale
    directeur directrice conseiller conseillere ambassadeur ambassadrice journaliste
    correspondant correspondante moderateur moderatrice animateur animatrice presentateur
    presentatrice intervieweur etat ministere departement delegation delegue deleguee haut haute
    commissaire senateur senatrice depute deputee gouvernement republique federation royaume
    emir roi reine prince cheikh sultan chancelier chanceliere envoye envoyee charge chargee
    responsable sous assistant assistante maire gouverneur information presse securite
    conseil defense commerce economie developpement cooperation politique relations
    economiques exterieures executif executive organisation union commission assemblee
    parlement chambre nationale national federal federale populaire suppleant suppleante
    ancien ancienne dirigeant dirigeante diplomatie
    """.split()
)
# Words that head a role: a place or a name never starts with them.
ROLE_HEADS = frozenset(
    """
    president presidente premier premiere ministre secretaire vice chef cheffe representant
    representante directeur directrice conseiller conseillere ambassadeur ambassadrice
    porte journaliste correspondant correspondante moderateur moderatrice animateur animatrice
    presentateur presentatrice commissaire envoye envoyee charge chargee delegue deleguee
    roi reine emir prince cheikh sultan chancelier chanceliere gouverneur maire senateur
    depute responsable haut haute
    """.split()
)
INTERVIEWER_WORDS = frozenset(
    """
    journaliste journalistes correspondant correspondante moderateur moderatrice animateur
    animatrice presentateur presentatrice intervieweur question questions
    """.split()
)
QUESTION_LABELS = frozenset({"question", "questions", "q"})
ANSWER_LABELS = frozenset({"reponse", "r"})
HONORIFICS = frozenset({"m", "mme", "mlle", "monsieur", "madame", "mr", "mrs", "ms", "dr"})
SALUTATIONS = frozenset(
    """
    cher chers chere cheres monsieur madame mesdames messieurs excellence excellences mes
    merci bonjour bonsoir
    """.split()
)
# A label made of capitalised words is an outlet, not a person, when it starts with an
# article ("Le Figaro") or contains one of these ("Agence France-Presse", "RIA Novosti").
ARTICLES = frozenset({"le", "la", "les", "l"})
OUTLET_WORDS = frozenset(
    """
    agence journal radio television tv chaine magazine quotidien hebdomadaire novosti news
    press presse times post tribune echo echos courrier gazette channel
    """.split()
)
# Words naming an occasion or a kind of text: a place never starts with them.
EVENT_WORDS = frozenset(
    """
    allocution intervention discours reponse reponses conference interview entretien
    commentaire texte message lettre telegramme declaration communique reunion sommet
    rencontre visite seance session forum point briefing article tribune voeux felicitations
    """.split()
)
PLACE_CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "sur", "el", "al"})
# The keys of a document's "key : value" header lines ("Original : ANGLAIS", "Ouverture :
# 10 h 00"): never a speaker's label.
HEADER_KEYS = frozenset(
    """
    original originale langue date dates heure heures lieu ouverture cloture suspension reprise
    presidence objet sujet sujets source sources reference references distribution publie
    publication auteur auteurs theme themes rubrique categorie categories mots tags duree
    prochaine ordre point points
    """.split()
)
