"""The demo newsroom's content: The Harbour Ledger, an invented independent paper of the
invented coastal city of Port Carrow. Every name, place and sentence here was written for this
project; any likeness to real people or places is accidental.

Sixty-odd stories come from the story templates below: each template is filled several times
with different places, people and numbers (see `builder.plan_stories`), so no two stories are
the same while every one still reads as a whole piece."""

from __future__ import annotations

from dataclasses import dataclass, field

CITY = "Port Carrow"
PAPER = "The Harbour Ledger"

# Development only: printed by `manage.py load_demo --print-logins` and in the README.
DEMO_PASSWORD = "harbour-demo-2026"  # noqa: S105


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class StaffSpec:
    role: str  # the name of the Group the user joins when that group exists
    email: str
    display_name: str
    is_superuser: bool = False


@dataclass(frozen=True)
class AuthorSpec:
    slug: str
    name: str
    bio: str
    sections: tuple[str, ...]
    user_email: str | None = None


@dataclass(frozen=True)
class StoryTemplate:
    """One story, with `{placeholders}` filled per use. Every template may use the shared
    placeholders (see `builder.PEOPLE_AND_PLACES`) plus its own `numbers` (inclusive ranges)
    and `choices`."""

    key: str
    section: str
    headline: str
    standfirst: str
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]
    scene: str
    caption: str
    numbers: dict[str, tuple[int, int]] = field(default_factory=dict)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    wire: bool = False


SECTIONS = (
    SectionSpec("city", "City", "Streets, neighbourhoods and everyday life in Port Carrow."),
    SectionSpec("politics", "Politics", "The city council, the harbour board and who decides."),
    SectionSpec("business", "Business", "Work, trade and money on the Carrow coast."),
    SectionSpec("culture", "Culture", "Music, theatre, books and the city's festivals."),
    SectionSpec("environment", "Environment", "The estuary, the weather and the changing shore."),
    SectionSpec("sport", "Sport", "Football, rowing, sailing and the clubs that keep them going."),
)

STAFF = (
    StaffSpec("Chief editor", "chief@harbourledger.example", "Maren Holloway", is_superuser=True),
    StaffSpec("Editor", "editor@harbourledger.example", "Jonah Tresize"),
    StaffSpec("Contributor", "ines.calder@harbourledger.example", "Ines Calder"),
    StaffSpec("Contributor", "dougal.fennick@harbourledger.example", "Dougal Fennick"),
)

WIRE_AGENCY = "coastal-press-agency"

AUTHORS = (
    AuthorSpec(
        "ines-calder",
        "Ines Calder",
        "Ines Calder covers the city: housing, transport and the neighbourhoods around the "
        "Old Quay. She joined the Ledger from a weekly paper up the coast in 2019.",
        ("city", "politics"),
        user_email="ines.calder@harbourledger.example",
    ),
    AuthorSpec(
        "dougal-fennick",
        "Dougal Fennick",
        "Dougal Fennick writes about the estuary, the weather and the people who work on the "
        "water. Before journalism he spent six seasons crewing on a survey boat.",
        ("environment", "city"),
        user_email="dougal.fennick@harbourledger.example",
    ),
    AuthorSpec(
        "tomasz-wren",
        "Tomasz Wren",
        "Tomasz Wren is the Ledger's political correspondent. He has sat through more council "
        "budget meetings than he cares to count and still reads every appendix.",
        ("politics",),
    ),
    AuthorSpec(
        "rafe-okonjo",
        "Rafe Okonjo",
        "Rafe Okonjo reports on business and work in Port Carrow, from the container berths "
        "to the high street. He is happiest with a spreadsheet and a kettle.",
        ("business",),
    ),
    AuthorSpec(
        "priya-castellane",
        "Priya Castellane",
        "Priya Castellane is the Ledger's culture editor. She reviews theatre and music and "
        "edits the weekend listings.",
        ("culture",),
    ),
    AuthorSpec(
        "saoirse-penhallow",
        "Saoirse Penhallow",
        "Saoirse Penhallow covers sport, from the Saturday football leagues to the winter "
        "rowing regattas on the estuary. She still coxes for the Gullhaven crew.",
        ("sport",),
    ),
    AuthorSpec(
        "lena-marchetti",
        "Lena Marchetti",
        "Lena Marchetti writes longer features about the city and its people and edits the "
        "Ledger's letters page.",
        ("city", "culture", "environment"),
    ),
    AuthorSpec(
        WIRE_AGENCY,
        "Coastal Press Agency",
        "Reports from the Coastal Press Agency, the news agency shared by the papers of the "
        "coast, published with light editing by the Ledger's desk.",
        (),
    ),
)

# Unfinished work for the workflow to show: drafts (template key, author) by the two
# contributors, so each finds one of their own when signing in, and one story scheduled for
# tomorrow morning.
DRAFTS = (("library", "ines-calder"), ("seagrass", "dougal-fennick"))
SCHEDULED = "sailing"

PHOTOGRAPHERS = ("Anya Pellow", "Kit Marrable", "Osric Dunmore", "Hana Velasco")

TAGS = (
    "harbour", "housing", "transport", "council", "budget", "schools", "weather", "fishing",
    "tourism", "arts", "music", "football", "rowing", "climate", "wildlife", "health", "jobs",
    "heritage", "sailing", "festivals", "elections", "coast league", "estuary",
)  # fmt: skip

# Pools the builder draws the shared placeholders from.
DISTRICTS = (
    "Old Quay", "Saltings", "Gullhaven", "Fenwick Rise", "Marram Point", "Northgate",
    "Brackwater", "Lantern Hill", "Eastmoor", "Tidewell",
)  # fmt: skip
STREETS = (
    "Ropewalk Lane", "Chandlers Row", "Beacon Street", "Netmakers Yard", "Pilot Street",
    "Cooperage Road", "Gull Terrace", "Weighhouse Street",
)  # fmt: skip
FIRST_NAMES = (
    "Agnes", "Bram", "Carys", "Dev", "Elodie", "Fergus", "Greta", "Hamid", "Isla", "Jory",
    "Kasia", "Lorcan", "Mina", "Noor", "Orla", "Piet", "Rosa", "Silas", "Talia", "Wynn",
)  # fmt: skip
LAST_NAMES = (
    "Abernathy", "Bellweather", "Coombe", "Drummond", "Eskdale", "Farrant", "Gorran",
    "Harcourt", "Ivesley", "Kestle", "Lanyon", "Morwenna", "Nance", "Pendry", "Rosewarne",
    "Stannard", "Treloar", "Vosper",
)  # fmt: skip
BUSINESSES = (
    "Carrow Marine Engineering", "Gullhaven Bakehouse", "Saltings Ropeworks",
    "Quayside Provisions", "Northgate Print Co.", "Brackwater Boatyard",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


TEMPLATES = (
    # ---------------------------------------------------------------- City
    StoryTemplate(
        key="ferry",
        section="city",
        headline="{district} ferry to run every {freq} minutes from spring",
        standfirst="The harbour board says a second boat and a rebuilt landing stage will "
        "halve waiting times on the busiest crossing in {city}.",
        paragraphs=(
            "<p>Passengers on the {district} ferry will wait no more than {freq} minutes for a "
            "boat from the spring, the harbour board said on {weekday}, after agreeing to lease "
            "a second vessel for the crossing.</p>",
            "<p>The route carries about {riders},000 people a month, most of them commuters "
            "heading for the offices and workshops around {street}. At present a single boat "
            "runs every half hour, and queues on the landing stage regularly spill onto the "
            "road in the morning rush.</p>",
            "<p>\u201cWe have heard the complaints, and frankly they were fair,\u201d said "
            "{official}, the board\u2019s head of operations. \u201cA ferry that you have to "
            "plan your morning around is not public transport.\u201d</p>",
            "<h2>Landing stage closure</h2>",
            "<p>The landing stage at {district} will close for {weeks} weeks while it is "
            "widened, with a replacement bus running from the top of {street}. The board has "
            "promised that the works will not overlap with the school holidays.</p>",
            "<p>Regular passengers were cautiously pleased. \u201cI\u2019ll believe it when I "
            "see two boats on the water at once,\u201d said {person}, who crosses twice a day "
            "to a job at {business}.</p>",
        ),
        tags=("transport", "harbour"),
        scene="harbour",
        caption="The {district} ferry leaving its landing stage on a weekday morning.",
        numbers={"freq": (12, 20), "riders": (38, 74), "weeks": (5, 9)},
    ),
    StoryTemplate(
        key="library",
        section="city",
        headline="{district} library to open on Sundays after volunteers step in",
        standfirst="A rota of {volunteers} residents will keep the branch open at weekends, "
        "the first time in a decade that a {city} library has opened on a Sunday.",
        paragraphs=(
            "<p>The library on {street} in {district} will open on Sunday afternoons from next "
            "month, after {volunteers} residents signed up to staff the counter alongside the "
            "branch\u2019s two paid librarians.</p>",
            "<p>The idea came from {person}, a retired teacher who started a petition in the "
            "summer after finding the doors locked on the one day the family visits. "
            "\u201cI didn\u2019t expect it to go anywhere,\u201d {person_last} said. "
            "\u201cThen people started asking where to sign.\u201d</p>",
            "<p>The council\u2019s libraries service said volunteers would be trained over "
            "{weeks} weeks and would not replace paid staff. Unions have been wary of similar "
            "schemes elsewhere on the coast, but the local branch said it had been consulted "
            "and was satisfied with the safeguards.</p>",
            "<blockquote><p>\u201cA library that is shut when families are free is only half "
            "a library.\u201d</p></blockquote>",
            "<p>Sunday opening will run as a trial until the end of the year. If visitor "
            "numbers hold up, {councillor}, who chairs the communities committee, said the "
            "model could be tried at the {district2} branch next.</p>",
        ),
        tags=("heritage", "schools"),
        scene="skyline",
        caption="The {district} branch library, which will open on Sundays from next month.",
        numbers={"volunteers": (18, 46), "weeks": (3, 6)},
    ),
    StoryTemplate(
        key="housing",
        section="city",
        headline="{homes} new homes planned on the old gasworks site in {district}",
        standfirst="Developers promise a third of the flats at below-market rents, but "
        "neighbours worry about parking, schools and the view of the estuary.",
        paragraphs=(
            "<p>Plans for {homes} homes on the former gasworks site in {district} were lodged "
            "with the city council on {weekday}, the largest housing scheme proposed in "
            "{city} for more than ten years.</p>",
            "<p>The developer says {affordable} per cent of the flats would be let at rents "
            "below the local market rate, with priority for people who already live or work "
            "in the city. Buildings would rise to {floors} storeys at the waterfront end of the "
            "site and step down towards {street}.</p>",
            "<p>The land has been empty since the gas holders were taken down, and has needed "
            "years of clean-up. A planning officer\u2019s note says the soil treatment is "
            "complete and that the site is suitable for homes and a small park.</p>",
            "<p>Not everyone is convinced. {person}, who lives on {street}, said the area\u2019s "
            "primary school is already full and that the plans include too few parking spaces. "
            "\u201cNobody is against homes,\u201d {person_last} said. \u201cWe are against "
            "pretending that nine hundred new neighbours need nothing.\u201d</p>",
            "<h2>What happens next</h2>",
            "<p>A public consultation runs for six weeks. The planning committee is expected "
            "to decide in the new year; {councillor}, who represents {district}, has "
            "promised two open meetings before then.</p>",
        ),
        tags=("housing", "council"),
        scene="skyline",
        caption="The former gasworks site in {district}, looking towards the estuary.",
        numbers={"homes": (240, 620), "affordable": (30, 40), "floors": (6, 9)},
    ),
    StoryTemplate(
        key="potholes",
        section="city",
        headline="{roads} roads to be resurfaced as {city} clears its pothole backlog",
        standfirst="A winter of storms left the city\u2019s streets in their worst state for "
        "years. The council says the repairs will take until the summer.",
        paragraphs=(
            "<p>Work to resurface {roads} roads across {city} begins next week, starting with "
            "{street} in {district}, which residents say has become impassable for cyclists.</p>",
            "<p>Reports of potholes rose by {rise} per cent over the winter, according to "
            "figures released by the highways department. Engineers blame repeated freezing "
            "and thawing, and heavy lorries diverted through residential streets during the "
            "bridge repairs.</p>",
            "<p>\u201cPatching holes one at a time was costing us more than fixing the roads "
            "properly,\u201d said {official}, the city\u2019s highways manager. \u201cThis "
            "programme does whole stretches at once.\u201d</p>",
            "<p>Roads will close overnight where possible. Bus routes through {district2} will "
            "be diverted for about a fortnight in the spring, and the council has promised "
            "letters to every affected household a week before work starts.</p>",
        ),
        tags=("transport", "council"),
        scene="skyline",
        caption="Roadworks signs on {street}, the first street due to be resurfaced.",
        numbers={"roads": (28, 64), "rise": (35, 80)},
    ),
    # ---------------------------------------------------------------- Politics
    StoryTemplate(
        key="budget",
        section="politics",
        headline="Council budget: {city} faces \u00a3{gap}m gap as care costs rise",
        standfirst="Councillors will be asked to choose between higher charges and cuts to "
        "services as the cost of adult social care climbs again.",
        paragraphs=(
            "<p>{city} City Council faces a shortfall of \u00a3{gap} million next year, its "
            "finance director has warned, driven chiefly by the rising cost of caring for older "
            "and disabled residents.</p>",
            "<p>A report to the cabinet on {weekday} says care now takes {care} pence of every "
            "pound the council spends, up from a little over half five years ago. Without "
            "action, the council\u2019s reserves would be exhausted within three years.</p>",
            "<p>{councillor}, the cabinet member for finance, said every option was on the "
            "table, including higher parking charges and shorter opening hours at leisure "
            "centres. \u201cThese are not choices anyone came into politics to make,\u201d "
            "{councillor_last} said.</p>",
            "<h2>Opposition response</h2>",
            "<p>The opposition Tideway Independents said the administration had been warned "
            "for years. Their leader, {councillor2}, called for an independent review of the "
            "council\u2019s contracts before any service is cut.</p>",
            "<p>A public consultation on the budget opens next month. The full council will "
            "vote in February.</p>",
        ),
        tags=("budget", "council", "health"),
        scene="skyline",
        caption="The council chamber building above the harbour in {district}.",
        numbers={"gap": (9, 24), "care": (58, 66)},
    ),
    StoryTemplate(
        key="byelection",
        section="politics",
        headline="Four candidates line up for the {district} by-election",
        standfirst="The seat fell vacant when its councillor moved away for work. Turnout in "
        "the ward has not topped {turnout} per cent in recent years.",
        paragraphs=(
            "<p>Four candidates will contest the {district} ward by-election on the first "
            "{weekday} of next month, after nominations closed at noon.</p>",
            "<p>The seat became vacant when its councillor of eight years took a job in the "
            "capital. The ruling Harbour First group holds the council by {majority} seats, so "
            "the result will not change who runs the city, but both main groups are treating "
            "it as a test of mood before next year\u2019s full elections.</p>",
            "<p>Harbour First has chosen {person}, a nurse at the general hospital. The Tideway "
            "Independents are standing {person2}, who runs a caf\u00e9 on {street}. A Coastal "
            "Greens candidate and an independent campaigning on parking complete the list.</p>",
            "<p>Turnout is the real worry. Fewer than {turnout} per cent of voters took part at "
            "the last ward election, and the city\u2019s returning officer has written to every "
            "household explaining how to register and how to vote by post.</p>",
            "<p>The Ledger will publish each candidate\u2019s answers to readers\u2019 questions "
            "in the week before polling day.</p>",
        ),
        tags=("council", "elections"),
        scene="skyline",
        caption="Campaign boards outside the polling station in {district}.",
        numbers={"turnout": (24, 31), "majority": (3, 7)},
    ),
    StoryTemplate(
        key="harbourboard",
        section="politics",
        headline="Harbour board to meet in public after {signatures} sign petition",
        standfirst="After a long campaign by residents and this newspaper, the body that runs "
        "the port will open its doors and publish its papers.",
        paragraphs=(
            "<p>The harbour board, which controls the port, the ferries and much of the "
            "waterfront, will hold its meetings in public from the new year, its chair "
            "announced on {weekday}.</p>",
            "<p>Until now the board met behind closed doors and published only brief minutes, "
            "often weeks later. Decisions about berth charges, land sales and dredging were "
            "routinely announced only after contracts had been signed.</p>",
            "<p>\u201cThe port belongs to the city, and the city is entitled to see how it is "
            "run,\u201d said the chair, {official}. Papers will be published {days} days before "
            "each meeting, with commercially sensitive items taken in private session.</p>",
            "<blockquote><p>\u201cThe test will be how much ends up in the private "
            "part.\u201d</p><p>\u2014 {person}, Open Harbour campaign</p></blockquote>",
            "<p>Campaigners welcomed the change but said they would watch closely. The Open "
            "Harbour group collected {signatures} signatures last year calling for the "
            "board\u2019s meetings to be opened.</p>",
        ),
        tags=("harbour", "council"),
        scene="harbour",
        caption="The harbour board offices overlook the working quay at {district}.",
        numbers={"days": (5, 10), "signatures": (3100, 7800)},
    ),
    StoryTemplate(
        key="schools",
        section="politics",
        headline="Free breakfast clubs for all {schools} primary schools, starting in {district}",
        standfirst="The scheme, paid for by a levy on holiday lets, will start in {district} "
        "and cover all {schools} primary schools by the autumn.",
        paragraphs=(
            "<p>Every primary school in {city} will offer a free breakfast club by the autumn, "
            "the council has confirmed, paid for by the new levy on short-term holiday "
            "lets.</p>",
            "<p>Schools in {district} and {district2} will be first, from the start of next "
            "term. The remaining schools, {schools} in all, will follow in two stages.</p>",
            "<p>Head teachers have long said that hungry children struggle to learn. "
            "\u201cYou can see the difference by ten o\u2019clock,\u201d said {person}, head of "
            "a primary school on {street} that already runs a club paid for by parents and "
            "a local charity.</p>",
            "<p>The levy, which adds a small charge per night to holiday lets, raised more "
            "than expected in its first summer. {councillor}, the cabinet member for "
            "children, said the money would be ring-fenced for the clubs for at least three "
            "years.</p>",
            "<p>Owners of holiday lets remain unhappy. Their association said the charge was "
            "already pushing visitors to resorts further along the coast.</p>",
        ),
        tags=("schools", "tourism", "budget"),
        scene="hills",
        caption="Pupils arriving at a primary school in {district}.",
        numbers={"schools": (24, 34)},
    ),
    # ---------------------------------------------------------------- Business
    StoryTemplate(
        key="shipyard",
        section="business",
        headline="{business} to hire {jobs} as order book fills",
        standfirst="A contract to build and maintain survey vessels brings the firm\u2019s "
        "biggest recruitment drive since it moved to the waterfront.",
        paragraphs=(
            "<p>{business} will take on {jobs} new staff over the next year after winning a "
            "contract to build and service survey vessels for offshore wind farms.</p>",
            "<p>The firm, which employs about {staff} people at its yard in {district}, said "
            "it would recruit welders, electricians and marine engineers, and take on twelve "
            "apprentices a year for the next three years.</p>",
            "<p>\u201cWe have spent a decade being told the yard had no future,\u201d said its "
            "managing director, {person}. \u201cThe work is coming back, and we want the people "
            "doing it to be from {city}.\u201d</p>",
            "<p>The college on {street} is adding evening welding courses to meet demand. "
            "Its principal said places had filled within a week of the announcement.</p>",
            "<p>The contract runs for {years} years, with an option to extend. The company "
            "expects to expand onto a neighbouring quay that has stood empty since the fish "
            "market moved.</p>",
        ),
        tags=("jobs", "harbour"),
        scene="harbour",
        caption="Workers on the slipway at {business} in {district}.",
        numbers={"jobs": (60, 180), "staff": (220, 480), "years": (5, 10)},
    ),
    StoryTemplate(
        key="highstreet",
        section="business",
        headline="Empty shops on {street} fall to lowest level in five years",
        standfirst="Independent traders are filling units left by national chains, though "
        "landlords say rents will have to rise.",
        paragraphs=(
            "<p>Only {empty} shops stand empty on {street} and the streets around it, down "
            "from more than thirty five years ago, according to a survey by the {district} "
            "traders\u2019 association.</p>",
            "<p>Most of the new arrivals are small independents: a bike repair shop, two "
            "bakeries, a record shop and a tool library run by volunteers. Several came from "
            "the covered market, where rents rose sharply last year.</p>",
            "<p>\u201cPeople want somewhere to go that is not the same as everywhere "
            "else,\u201d said {person}, who opened a second-hand bookshop in a former bank in "
            "the spring.</p>",
            "<p>Footfall is up {footfall} per cent on last year, according to counters fitted "
            "by the council. Traders credit the pedestrianised Saturday market and the new "
            "bus lanes, which opponents had warned would drive customers away.</p>",
            "<p>Landlords struck a cautious note. One agent said leases agreed at low rents "
            "during the pandemic were now coming up for renewal, and that some tenants would "
            "struggle.</p>",
        ),
        tags=("jobs", "council"),
        scene="skyline",
        caption="Shoppers on {street}, where empty units are filling again.",
        numbers={"empty": (6, 14), "footfall": (7, 19)},
    ),
    StoryTemplate(
        key="fishprices",
        section="business",
        headline="Fish prices at {city} market up {rise}% as catches shrink",
        standfirst="Skippers say a poor autumn and rising fuel costs have left fewer boats "
        "going out, pushing up prices for restaurants and shoppers.",
        paragraphs=(
            "<p>Prices at the {city} fish market have risen by about {rise} per cent since the "
            "summer, traders say, as fewer boats put to sea and those that do come back with "
            "smaller catches.</p>",
            "<p>The fleet landed {tonnes} tonnes last month, well below the average for the "
            "time of year. Skippers blame storms that kept boats in harbour for days at a "
            "time, and a diesel bill that has almost doubled in three years.</p>",
            "<p>\u201cThere are weeks when it is cheaper to stay tied up,\u201d said {person}, "
            "who fishes out of {district} with a cousin. \u201cThat has never been true "
            "before.\u201d</p>",
            "<p>Restaurants on the waterfront have started changing their menus daily. "
            "{person2}, who runs a fish restaurant on {street}, now buys whatever comes in "
            "rather than ordering ahead.</p>",
        ),
        tags=("fishing", "harbour", "jobs"),
        scene="harbour",
        caption="Boxes of the morning\u2019s catch on the quay at {district}.",
        numbers={"rise": (12, 28), "tonnes": (140, 310)},
    ),
    StoryTemplate(
        key="portsstrike",
        section="business",
        headline="Dock workers along the coast vote on {days}-day stoppage",
        standfirst="A dispute over shift patterns at three ports, including {city}, could "
        "disrupt freight and ferries next month.",
        paragraphs=(
            "<p>Dock workers at three ports on the coast, including {city}, are voting on "
            "whether to stop work for {days} days next month in a dispute over shift "
            "patterns.</p>",
            "<p>The union says new rotas would leave staff working more nights for the same "
            "pay. The port operators say the changes are needed to handle larger ships that "
            "arrive around the clock.</p>",
            "<p>The ballot closes on {weekday}. About {members} members are eligible to vote.</p>",
            "<p>Ferry passenger services would continue, the operators said, but freight "
            "could be held up. Businesses that rely on the port were urged to plan for "
            "delays.</p>",
        ),
        tags=("harbour", "jobs", "transport"),
        scene="harbour",
        caption="Cranes on the container berth at {city} port.",
        numbers={"days": (2, 4), "members": (600, 1400)},
        wire=True,
    ),
    # ---------------------------------------------------------------- Culture
    StoryTemplate(
        key="festival",
        section="culture",
        headline="Lantern festival returns to {district} with {stages} stages",
        standfirst="The free weekend of music and light on the waterfront expects its "
        "biggest crowds yet after two years of scaled-back events.",
        paragraphs=(
            "<p>The lantern festival returns to the {district} waterfront next month, with "
            "{stages} stages of music, a procession of paper lanterns and, for the first time, "
            "a night market on {street}.</p>",
            "<p>Organisers expect around {crowd},000 people over the weekend. The festival "
            "began twenty years ago as a parade put on by a single primary school and now "
            "draws visitors from across the coast.</p>",
            "<p>Workshops where anyone can make a lantern open in community centres from next "
            "week. \u201cThe rule is that the procession belongs to whoever turns up with a "
            "lantern,\u201d said the festival\u2019s director, {person}.</p>",
            "<h2>Getting there</h2>",
            "<p>{street} will be closed to traffic from Friday evening. Extra late ferries will "
            "run to {district2}, and the council is asking visitors to leave cars at the park "
            "and ride at the edge of the city.</p>",
            "<p>Headliners will be announced on {weekday}. All events are free.</p>",
        ),
        tags=("festivals", "music", "arts"),
        scene="night",
        caption="Lanterns carried along the waterfront at {district} during last year\u2019s "
        "festival.",
        numbers={"stages": (3, 6), "crowd": (30, 65)},
    ),
    StoryTemplate(
        key="theatre",
        section="culture",
        headline="Review: \u2018The {play}\u2019 at the Weighhouse Theatre",
        standfirst="A new play about a family who run a ferry across the estuary is funny, "
        "angry and, in its final scene, quietly devastating.",
        paragraphs=(
            "<p>There is a moment, about an hour into \u2018The {play}\u2019, when the whole "
            "of the Weighhouse Theatre holds its breath. A mother and her grown-up son are "
            "arguing about the family ferry, and about everything the ferry has come to stand "
            "for, and neither of them will say the thing that both of them know.</p>",
            "<p>The writer, {person}, grew up in {district}, and it shows: the dialogue has "
            "the rhythm of people who have had the same argument for years. The jokes land "
            "because they come from inside the family rather than from the stage.</p>",
            "<p>{person2} is superb as the mother, brisk and practical until she is not. The "
            "set, a slice of slipway with real water lapping at its edge, is simple and "
            "beautifully lit.</p>",
            "<p>The second half loses its way a little, with a subplot about a council grant "
            "that feels borrowed from a different play. But the final scene earns every "
            "minute that comes before it.</p>",
            "<p>Runs until the end of the month. Tickets from \u00a3{price}, with pay-what-you-"
            "can performances on {weekday}s.</p>",
        ),
        tags=("arts", "heritage"),
        scene="night",
        caption="The Weighhouse Theatre on the old quay, home of the new production.",
        numbers={"price": (8, 18)},
        choices={
            "play": ("Last Crossing", "Slack Water", "Low Tide Ledger", "Ferryman's Daughter")
        },
    ),
    StoryTemplate(
        key="museum",
        section="culture",
        headline="Maritime museum reopens with {objects} objects back on display",
        standfirst="After a two-year refit, the museum on {street} shows the city\u2019s "
        "working harbour through the people who worked it.",
        paragraphs=(
            "<p>The {city} maritime museum reopens on {weekday} after a two-year refit, with "
            "{objects} objects back on display and a new gallery dedicated to the women who "
            "mended nets and gutted fish on the quays.</p>",
            "<p>Curators spent months recording the memories of former harbour workers, and "
            "their voices now play in each room. \u201cWe had lots of model ships and not many "
            "people,\u201d said the curator, {person}. \u201cWe wanted to turn that "
            "round.\u201d</p>",
            "<p>The centrepiece is a restored pilot gig, built in {district} more than a "
            "century ago and rowed out to meet incoming ships. It was found rotting in a barn "
            "and took volunteers three winters to repair.</p>",
            "<blockquote><p>\u201cMy grandmother\u2019s knife is in a glass case now. She "
            "would have laughed at that.\u201d</p></blockquote>",
            "<p>Entry remains free. The museum will open late on the first Thursday of every "
            "month, with talks by former harbour workers.</p>",
        ),
        tags=("heritage", "arts", "harbour"),
        scene="harbour",
        caption="The restored pilot gig, centrepiece of the new maritime museum galleries.",
        numbers={"objects": (900, 2400)},
    ),
    # ---------------------------------------------------------------- Environment
    StoryTemplate(
        key="seagrass",
        section="environment",
        headline="Seagrass meadow off {district} doubles in size, survey finds",
        standfirst="Divers say the underwater meadow, planted by volunteers four years ago, "
        "is now sheltering young fish and seahorses.",
        paragraphs=(
            "<p>A seagrass meadow planted off {district} has doubled in size in two years and "
            "now covers about {hectares} hectares of the estuary floor, according to a survey "
            "by volunteer divers.</p>",
            "<p>Seagrass once carpeted much of the estuary but was lost over the last century "
            "to pollution, dredging and boat moorings that scoured the seabed. Volunteers "
            "began replanting four years ago, pushing bags of seed into the mud at low "
            "tide.</p>",
            "<p>\u201cThe first year we could barely find it,\u201d said {person}, who leads "
            "the dive team. \u201cNow we swim through it, and it is full of life: young "
            "pollack, pipefish, and this summer two seahorses.\u201d</p>",
            "<p>Seagrass stores carbon in the seabed and calms waves before they reach the "
            "shore. The harbour board has agreed to replace {moorings} traditional moorings "
            "with designs that float clear of the bottom.</p>",
            "<p>The team plans to plant a further stretch off {district2} next spring and is "
            "looking for volunteers. No diving experience is needed for the planting.</p>",
        ),
        tags=("wildlife", "climate", "estuary"),
        scene="hills",
        caption="The estuary off {district}, where the seagrass meadow lies at low water.",
        numbers={"hectares": (3, 9), "moorings": (20, 60)},
    ),
    StoryTemplate(
        key="storm",
        section="environment",
        headline="Storm brings gusts of {gust} mph and flooding to the coast",
        standfirst="Sea walls were overtopped in several towns, and ferries across the "
        "estuary were cancelled for most of the day.",
        paragraphs=(
            "<p>A storm crossed the coast overnight, bringing gusts of up to {gust} miles an "
            "hour and flooding low-lying streets in several towns, including parts of "
            "{district} in {city}.</p>",
            "<p>The high tide coincided with the strongest winds, and waves broke over sea "
            "walls in at least {towns} places. Fire crews pumped water from homes and shops "
            "through the night.</p>",
            "<p>Ferries across the estuary were cancelled until the afternoon, and a section "
            "of the coast road was closed after a fallen tree brought down power lines. About "
            "{homes},000 homes lost electricity for part of the night.</p>",
            "<p>Forecasters said the weather would calm over the weekend but warned of "
            "another spell of high tides at the end of the month.</p>",
        ),
        tags=("weather", "climate", "estuary", "transport"),
        scene="harbour",
        caption="Waves against the sea wall at {district} on the morning after the storm.",
        numbers={"gust": (64, 88), "towns": (5, 11), "homes": (3, 12)},
        wire=True,
    ),
    StoryTemplate(
        key="floodwall",
        section="environment",
        headline="{district} flood defences: what the new plan means for you",
        standfirst="A longer, lower wall and a restored salt marsh are the city\u2019s answer "
        "to rising seas. Here is what changes, street by street.",
        paragraphs=(
            "<p>The city council has chosen its plan to protect {district} from the sea: a "
            "flood wall {length} metres long, set back from the shore, and a stretch of "
            "reclaimed farmland returned to salt marsh in front of it.</p>",
            "<h2>Why not a taller wall?</h2>",
            "<p>Engineers looked at raising the existing sea wall, but found it would need to "
            "rise by more than a metre to cope with the tides expected by the end of the "
            "century. A marsh absorbs the energy of waves, so the wall behind it can be "
            "lower and cheaper to maintain.</p>",
            "<h2>What changes on my street?</h2>",
            "<p>Homes on {street} and the roads nearest the water will get flood gates for "
            "their doors, fitted free of charge. The footpath along the shore will move "
            "inland and become a raised walkway across the marsh.</p>",
            "<p>\u201cWe argued for this for a long time,\u201d said {person}, who chairs the "
            "residents\u2019 association. \u201cIt is not perfect, but it is a plan that works "
            "with the water instead of against it.\u201d</p>",
            "<p>Work is due to start in {months} months and will take about two years.</p>",
        ),
        tags=("climate", "weather", "council"),
        scene="hills",
        caption="Farmland at the edge of {district} that will return to salt marsh.",
        numbers={"length": (700, 1600), "months": (8, 18)},
    ),
    # ---------------------------------------------------------------- Sport
    StoryTemplate(
        key="football",
        section="sport",
        headline="{club} win late to go {place} in the Coast League",
        standfirst="A header in the {minute}th minute settled a tense derby in front of the "
        "biggest crowd of the season.",
        paragraphs=(
            "<p>{club} moved {place} in the Coast League on Saturday, beating their "
            "neighbours {goals}\u2013{against} with a header from {person} in the "
            "{minute}th minute.</p>",
            "<p>The derby had been scrappy for long spells, played on a heavy pitch in a "
            "swirling wind off the estuary. The visitors had levelled just after half-time "
            "and looked the stronger side until the final quarter of an hour.</p>",
            "<p>\u201cWe didn\u2019t play well, and we won anyway. That is what teams near the "
            "top do,\u201d said the manager, {person2}. \u201cI\u2019ll take it and we\u2019ll "
            "talk about the rest on Monday.\u201d</p>",
            "<p>A crowd of {crowd} filled the ground at {district}, the largest of the season. "
            "The club has applied to the council for permission to add a covered stand along "
            "the {street} side.</p>",
            "<p>{club} travel along the coast next weekend.</p>",
        ),
        tags=("football", "coast league"),
        scene="pitch",
        caption="{club} players celebrate the winning goal at {district}.",
        numbers={"minute": (84, 89), "goals": (2, 3), "against": (1, 1), "crowd": (1400, 3200)},
        choices={
            "club": ("Port Carrow Athletic", "Gullhaven Rovers", "Brackwater Town"),
            "place": ("top", "second", "third"),
        },
    ),
    StoryTemplate(
        key="rowing",
        section="sport",
        headline="Winter regatta on the Carrow draws {crews} crews",
        standfirst="Cold water and a stiff breeze did not put off the rowers from clubs "
        "along the coast, some racing for the first time.",
        paragraphs=(
            "<p>{crews} crews raced on the Carrow estuary on Sunday at the winter regatta, "
            "the largest entry in the event\u2019s history.</p>",
            "<p>The course runs from the {district} slipway to the buoy off {district2}, with "
            "the tide turning midway through the afternoon. Crews who drew late starts "
            "found the water noticeably choppier.</p>",
            "<p>The {district} club\u2019s junior four won their division by {lengths} "
            "lengths. \u201cWe\u2019ve been training in the dark since October,\u201d said their "
            "cox, {person}. \u201cIt was nice to row in daylight for once.\u201d</p>",
            "<p>Newcomers were a theme of the day. A learn-to-row scheme started last spring "
            "has brought in more than {novices} adults, and several crews had members who "
            "had never sat in a boat a year ago.</p>",
            "<p>Results from every race are on the regatta\u2019s notice board at the "
            "clubhouse.</p>",
        ),
        tags=("rowing", "estuary"),
        scene="hills",
        caption="Crews at the start of the winter regatta off {district}.",
        numbers={"crews": (48, 96), "lengths": (2, 5), "novices": (40, 110)},
    ),
    StoryTemplate(
        key="sailing",
        section="sport",
        headline="Youth sailing scheme offers {places} free places in {district}",
        standfirst="The club wants more children who have never sailed to try it, and is "
        "lending boats, wetsuits and instructors for the season.",
        paragraphs=(
            "<p>The sailing club at {district} is offering {places} free places on its youth "
            "programme this season, for children aged ten to sixteen who have never sailed "
            "before.</p>",
            "<p>Boats, buoyancy aids and wetsuits will be lent for the season. Sessions run "
            "after school on {weekday}s and on Saturday mornings, with instructors qualified "
            "by the national sailing body.</p>",
            "<p>\u201cSailing has a reputation as something for families who already own a "
            "boat,\u201d said {person}, the club\u2019s youth coordinator. \u201cWe live in a "
            "harbour city. Every child here should have the chance to find out whether they "
            "love it.\u201d</p>",
            "<p>The places are paid for by a grant and by members who sponsor a child for a "
            "season. Applications close at the end of the month, and places will be drawn by "
            "lot if the scheme is oversubscribed.</p>",
        ),
        tags=("sailing", "schools"),
        scene="harbour",
        caption="Dinghies on the water off the {district} sailing club.",
        numbers={"places": (24, 60)},
    ),
)
