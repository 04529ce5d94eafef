#!/usr/bin/env python3
"""Writes foiguard's example disclosures next to this script.

Everything here is synthetic: names are random pairs of common forenames and
surnames from many origins, the force ("Westshire Police") does not exist,
phone numbers come from Ofcom's ranges reserved for drama, e-mail addresses
use fictional or example domains, and pay, collar and reference numbers are
random. The only real address is the ICO's public one, which is there because
a scanner must NOT flag it.

Deterministic: a fixed seed, so re-running reproduces the committed files
byte for byte. Standard library only.

    python3 examples/generate.py
"""

import csv
import io
import pathlib
import random

SEED = 20230808  # the day after the first 2023 leak was reported; any constant will do
HERE = pathlib.Path(__file__).resolve().parent

FORENAMES = [
    "Chiamaka", "Saoirse", "Aoife", "Siobhán", "Niamh", "Oisín", "Ciarán", "Rhys", "Bethan",
    "Gethin", "Eilidh", "Callum", "Mhairi", "Amira", "Yusuf", "Fatima", "Omar", "Priya",
    "Arjun", "Harpreet", "Gurpreet", "Anjali", "Mei", "Wei", "Thanh", "Linh", "Kwame",
    "Abena", "Tunde", "Ngozi", "Olumide", "Zofia", "Piotr", "Agnieszka", "Mateusz", "Ioana",
    "Andrei", "Sofía", "José", "Lucía", "Chloé", "Zoë", "Renée", "Björn", "Aisling",
    "Tomás", "Daniel", "Sarah", "James", "Emma", "Mohammed", "Olivia", "Jack", "Amelia",
]

SURNAMES = [
    "Okonkwo", "Ní Bhriain", "O'Neill", "Adeyemi-Walsh", "Kowalczyk", "Nguyễn", "MacLeod",
    "McAllister", "Ó Súilleabháin", "Nic Giolla", "ap Gwilym", "van der Berg", "de Souza",
    "al-Masri", "Haddad", "Chaudhry", "Sandhu", "Patel", "Bhattacharya", "Zhang", "Tran",
    "Mensah", "Owusu", "Balogun", "Nowak", "Wiśniewska", "Popescu", "García", "Fernández",
    "Müller", "Lefèvre", "Jørgensen", "Papadopoulos", "Yılmaz", "Kaur", "Hughes", "Evans",
    "Campbell", "Smith-Jones", "Okafor", "D'Arcy", "Fitzgerald", "Abernethy", "Llewellyn",
]

OFFICER_RANKS = ["PC", "PC", "PC", "DC", "DC", "PS", "DS", "Insp", "DI", "DCI", "Ch Supt"]
STAFF_TITLES = ["Police Staff", "Investigator", "Detention Officer", "PCSO"]
UNITS = [
    "Response", "Response", "Neighbourhood Policing", "Roads Policing", "CID",
    "Public Protection", "Custody", "Counter Terrorism", "Covert Operations",
    "Surveillance Unit", "Special Branch", "Professional Standards",
]
VETTING = ["NPPV2", "NPPV2", "NPPV3", "NPPV3", "SC", "DV", "NPPV1"]
BOROUGH_SUFFIXES = ["WS", "NB", "EA", "KT"]

STREETS = [
    "Acacia Avenue", "Mill Lane", "Orchard Close", "Station Road", "Church Street",
    "Willow Crescent", "Foundry Walk", "Chapel Row", "Harbour View", "Beech Grove",
]
TOWNS = ["Westbury", "Kingsford", "Ashcombe", "Netherby", "Eastmoor"]
# Outward codes in valid BS 7666 shapes for a fictional county.
OUTWARD = ["WS1", "WS4", "WS12", "KF2", "KF7", "AE3", "NB9", "EM15"]
OFFENCES = [
    "Burglary (dwelling)", "Assault occasioning ABH", "Harassment", "Theft of motor vehicle",
    "Criminal damage", "Stalking", "Domestic abuse - common assault", "Fraud by false representation",
]


def name_pair(rng):
    return rng.choice(SURNAMES), rng.choice(FORENAMES)


def collar_number(rng):
    number = str(rng.randint(1000, 9999))
    if rng.random() < 0.25:
        number += rng.choice(BOROUGH_SUFFIXES)
    return number


def postcode(rng):
    inward_letters = "ABDEFGHJLNPQRSTUWXYZ"
    return (f"{rng.choice(OUTWARD)} {rng.randint(1, 9)}"
            f"{rng.choice(inward_letters)}{rng.choice(inward_letters)}")


def drama_mobile(rng):
    return f"07700 900{rng.randint(0, 999):03d}"  # Ofcom drama range


def to_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def staff_list(rng):
    """A leaked staff list: every row a personnel record."""
    rows = []
    used_pay_numbers = set()
    for _ in range(40):
        surname, forename = name_pair(rng)
        if rng.random() < 0.15:
            rank, collar = rng.choice(STAFF_TITLES), ""
        else:
            rank, collar = rng.choice(OFFICER_RANKS), collar_number(rng)
        pay = rng.randint(100000, 999999)
        while pay in used_pay_numbers:
            pay = rng.randint(100000, 999999)
        used_pay_numbers.add(pay)
        rows.append([surname, forename, rank, str(pay), collar, rng.choice(UNITS),
                     rng.choice(VETTING)])
    rows.sort(key=lambda r: (r[0].lower(), r[1].lower()))
    return to_csv(["Surname", "Forename", "Rank", "Pay No", "Collar No", "Unit", "Vetting"], rows)


def officer_numbers_by_rank(rng):
    """A clean aggregate: counts per rank with six-digit cost centres (not pay numbers)."""
    ranks = [
        "Chief Constable", "Deputy Chief Constable", "Assistant Chief Constable",
        "Chief Superintendent", "Superintendent", "Chief Inspector", "Inspector",
        "Sergeant", "Constable", "PCSO", "Special Constable", "Police Staff",
    ]
    headcounts = [1, 1, 3, 9, 21, 48, 176, 612, 2874, 318, 266, 2391]
    rows = []
    for rank, headcount in zip(ranks, headcounts):
        rows.append([rank, str(headcount), str(rng.randint(400000, 499999))])
    rows.append(["Total", str(sum(headcounts)), ""])
    return to_csv(["Rank", "Headcount", "Cost centre"], rows)


def victims_contact_log(rng):
    """Victim contact records: names, dates of birth, addresses, officer in case."""
    rows = []
    for i in range(25):
        surname, forename = name_pair(rng)
        dob = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1948, 2006)}"
        address = (f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {rng.choice(TOWNS)}")
        oic_surname, _ = name_pair(rng)
        oic = f"{rng.choice(['DC', 'PC', 'DS'])} {collar_number(rng)} {oic_surname}"
        reported = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2023"
        rows.append([f"WP-23-{10482 + i * 7:06d}", reported, f"{forename} {surname}", dob,
                     address, postcode(rng), drama_mobile(rng), rng.choice(OFFENCES), oic])
    return to_csv(["Crime Ref", "Date reported", "Victim name", "DOB", "Address", "Postcode",
                   "Contact number", "Offence", "OIC"], rows)


# The officer named in the letter. Assembled from parts so that this script is
# not itself a finding when foiguard scans examples/.
LETTER_OFFICER = " ".join(["DS", "4417", "Okonkwo"])

FOI_LETTER = """\
Westshire Police
Information Management Unit
Freedom of Information Team
foi@westshire.police.uk

Our reference: FOI 2023-001234
Date: 14 August 2023

Dear Requester,

Freedom of Information Act 2000: Request FOI 2023-001234

Thank you for your request for information received on 17 July 2023, in which
you asked for the number of firearms licences revoked by Westshire Police in
each of the last three financial years, and the number of those revocations
that were appealed.

Westshire Police has considered your request under the Freedom of Information
Act 2000 (the Act). I can confirm that we hold information relevant to your
request. The figures are given in the table below.

  Financial year   Revoked   Appealed
  2020/21               38          6
  2021/22               41          9
  2022/23               29          4

Your request was allocated to the Firearms Licensing Department, who searched
the licensing system for all revocations recorded between 1 April 2020 and
31 March 2023. The search was checked by {officer}, currently seconded to the Counter Terrorism Command and vetted to NPPV3, before this response was prepared.

Some of the information you asked for, namely the reasons given by individual
certificate holders in their appeals, is exempt under section 40(2) of the Act
because it is the personal data of third parties, and disclosing it would
breach the data protection principles. Section 40(2) is an absolute exemption
and no public interest test is required.

All officers and staff who handle firearms licensing records are vetted to
NPPV level 2 or above in line with the national vetting policy; the number of
staff in the department is not held in a reportable form.

If you are dissatisfied with the handling of your request, you may ask for an
internal review within 40 working days of the date of this letter, quoting the
reference FOI 2023-001234, by writing to the Freedom of Information Team at the
address above.

If you remain dissatisfied after the internal review, you may complain to the
Information Commissioner at:

  Information Commissioner's Office
  Wycliffe House
  Water Lane
  Wilmslow
  Cheshire
  SK9 5AF

Telephone: 0303 123 1113
Website: https://ico.org.uk

Yours sincerely,

Freedom of Information Team
Westshire Police
"""


VETTING_POLICY_EXTRACT = """\
Westshire Police - Vetting Policy (extract), version 4.2, published August 2023

1. Purpose
This policy sets out how Westshire Police vets officers, staff, volunteers and
contractors before they are given access to police premises, systems or
information. It follows the Authorised Professional Practice on vetting and
the Vetting Code of Practice.

2. Levels of vetting
2.1 Every officer, member of staff and special constable must hold Recruitment
Vetting before appointment.
2.2 Posts with unsupervised access to police systems require NPPV level 2
vetting; posts with access to intelligence material require NPPV level 3.
2.3 Some posts in specialist units also need national security vetting, which
is carried out by the force vetting unit on behalf of United Kingdom Security
Vetting.

3. Renewal
3.1 Vetting is renewed every ten years for Recruitment Vetting and every seven
years for Management Vetting, or sooner after a change of circumstances.

4. Statistics
4.1 In 2022/23 the force vetting unit completed 3,412 vetting applications.
The median time to clear an application was 27 working days.

5. Requests for information
Requests under the Freedom of Information Act should quote a reference in the
form FOI 2023-001234 and be sent to the Freedom of Information Team.
"""


def main():
    rng = random.Random(SEED)
    outputs = {
        "foi-response-letter.txt": FOI_LETTER.format(officer=LETTER_OFFICER),
        "vetting-policy-extract.txt": VETTING_POLICY_EXTRACT,
        "staff-list.csv": staff_list(rng),
        "officer-numbers-by-rank.csv": officer_numbers_by_rank(rng),
        "victims-contact-log.csv": victims_contact_log(rng),
    }
    for name, content in outputs.items():
        (HERE / name).write_text(content, encoding="utf-8", newline="\n")
        print(f"wrote examples/{name}")


if __name__ == "__main__":
    main()
