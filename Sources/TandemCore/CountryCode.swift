/// A country by its ISO 3166-1 alpha-3 code. Only codes in the standard's list
/// are accepted, so a typo such as `THL` is refused instead of stored.
public struct CountryCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code's three letters, five bits each, the first the highest: two
    /// bytes where a string took sixteen (enquiries, outcomes, persons and
    /// routes hold hundreds of thousands), in the codes' alphabetical order.
    private let letters: UInt16

    /// Accepts upper or lower case; nil when the code is not an assigned alpha-3 code.
    public init?(_ text: String) {
        var text = text
        guard let country = text.withUTF8({ CountryCode(utf8: $0) }) else { return nil }
        self = country
    }

    /// The same from the code's UTF-8 bytes (read in place from a journal line).
    public init?(utf8 code: UnsafeBufferPointer<UInt8>) {
        guard code.count == 3 else { return nil }
        var letters: UInt16 = 0
        for byte in code {
            let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 0x20 : byte
            guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z") else { return nil }
            letters = letters << 5 | UInt16(upper - UInt8(ascii: "A"))
        }
        guard CountryCode.assigned[Int(letters >> 6)] & (1 << (letters & 63)) != 0 else { return nil }
        self.letters = letters
    }

    /// The three capital letters.
    public var code: String {
        // Three bytes: a string held inline, made with no allocation.
        String(unsafeUninitializedCapacity: 3) { buffer in
            for index in 0..<3 {
                buffer[index] = UInt8(truncatingIfNeeded: letters >> ((2 - index) * 5) & 0x1F) + UInt8(ascii: "A")
            }
            return 3
        }
    }

    public var name: String { CountryCode.names[code] ?? code }
    public var description: String { code }

    public static func < (a: CountryCode, b: CountryCode) -> Bool { a.letters < b.letters }

    /// Parses a country field, refusing with the field's name and the reason.
    public static func parse(_ text: String, field: String) throws(Refusal) -> CountryCode {
        let trimmed = text.trimmingWhitespace
        if trimmed.isEmpty { throw Refusal(field: field, reason: "is required (an ISO 3166 alpha-3 code such as THA)") }
        guard let country = CountryCode(trimmed) else {
            throw Refusal(field: field, reason: "unknown country code \"\(trimmed)\" (use ISO 3166 alpha-3, e.g. AUS, IDN, THA)")
        }
        return country
    }

    public static let all: [CountryCode] = names.keys.sorted().map { CountryCode(unchecked: $0) }

    /// `code` is three capital letters (a key of `names`).
    private init(unchecked code: String) {
        letters = code.utf8.reduce(0) { $0 << 5 | UInt16($1 - UInt8(ascii: "A")) }
    }

    /// One bit for each three letters, set for the assigned codes: telling a
    /// code from a typo without a lookup by string.
    private static let assigned: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1 << 15 / 64)
        for code in names.keys {
            let letters = CountryCode(unchecked: code).letters
            bits[Int(letters >> 6)] |= 1 << (letters & 63)
        }
        return bits
    }()

    static let names: [String: String] = {
        var table: [String: String] = [:]
        for line in isoTable.split(separator: "\n") {
            let code = String(line.prefix(3))
            table[code] = String(line.dropFirst(4))
        }
        return table
    }()
}

extension String {
    /// `uppercased()`, without making a new string when nothing would change
    /// (ASCII without a lowercase letter: codes as spreadsheets usually hold them).
    public var uppercasedIfNeeded: String {
        for byte in utf8 where byte >= 0x61 && (byte <= 0x7A || byte >= 0x80) { return uppercased() }
        return self
    }

    /// Trims spaces, tabs and newlines at both ends (the core has no Foundation).
    public var trimmingWhitespace: String {
        // Most text starts and ends with a visible ASCII character: nothing to trim.
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

private let isoTable = """
ABW Aruba
AFG Afghanistan
AGO Angola
AIA Anguilla
ALA Åland Islands
ALB Albania
AND Andorra
ARE United Arab Emirates
ARG Argentina
ARM Armenia
ASM American Samoa
ATA Antarctica
ATF French Southern Territories
ATG Antigua and Barbuda
AUS Australia
AUT Austria
AZE Azerbaijan
BDI Burundi
BEL Belgium
BEN Benin
BES Bonaire, Sint Eustatius and Saba
BFA Burkina Faso
BGD Bangladesh
BGR Bulgaria
BHR Bahrain
BHS Bahamas
BIH Bosnia and Herzegovina
BLM Saint Barthélemy
BLR Belarus
BLZ Belize
BMU Bermuda
BOL Bolivia
BRA Brazil
BRB Barbados
BRN Brunei Darussalam
BTN Bhutan
BVT Bouvet Island
BWA Botswana
CAF Central African Republic
CAN Canada
CCK Cocos (Keeling) Islands
CHE Switzerland
CHL Chile
CHN China
CIV Côte d'Ivoire
CMR Cameroon
COD Congo, Democratic Republic of the
COG Congo
COK Cook Islands
COL Colombia
COM Comoros
CPV Cabo Verde
CRI Costa Rica
CUB Cuba
CUW Curaçao
CXR Christmas Island
CYM Cayman Islands
CYP Cyprus
CZE Czechia
DEU Germany
DJI Djibouti
DMA Dominica
DNK Denmark
DOM Dominican Republic
DZA Algeria
ECU Ecuador
EGY Egypt
ERI Eritrea
ESH Western Sahara
ESP Spain
EST Estonia
ETH Ethiopia
FIN Finland
FJI Fiji
FLK Falkland Islands (Malvinas)
FRA France
FRO Faroe Islands
FSM Micronesia
GAB Gabon
GBR United Kingdom
GEO Georgia
GGY Guernsey
GHA Ghana
GIB Gibraltar
GIN Guinea
GLP Guadeloupe
GMB Gambia
GNB Guinea-Bissau
GNQ Equatorial Guinea
GRC Greece
GRD Grenada
GRL Greenland
GTM Guatemala
GUF French Guiana
GUM Guam
GUY Guyana
HKG Hong Kong
HMD Heard Island and McDonald Islands
HND Honduras
HRV Croatia
HTI Haiti
HUN Hungary
IDN Indonesia
IMN Isle of Man
IND India
IOT British Indian Ocean Territory
IRL Ireland
IRN Iran
IRQ Iraq
ISL Iceland
ISR Israel
ITA Italy
JAM Jamaica
JEY Jersey
JOR Jordan
JPN Japan
KAZ Kazakhstan
KEN Kenya
KGZ Kyrgyzstan
KHM Cambodia
KIR Kiribati
KNA Saint Kitts and Nevis
KOR Korea, Republic of
KWT Kuwait
LAO Lao People's Democratic Republic
LBN Lebanon
LBR Liberia
LBY Libya
LCA Saint Lucia
LIE Liechtenstein
LKA Sri Lanka
LSO Lesotho
LTU Lithuania
LUX Luxembourg
LVA Latvia
MAC Macao
MAF Saint Martin (French part)
MAR Morocco
MCO Monaco
MDA Moldova
MDG Madagascar
MDV Maldives
MEX Mexico
MHL Marshall Islands
MKD North Macedonia
MLI Mali
MLT Malta
MMR Myanmar
MNE Montenegro
MNG Mongolia
MNP Northern Mariana Islands
MOZ Mozambique
MRT Mauritania
MSR Montserrat
MTQ Martinique
MUS Mauritius
MWI Malawi
MYS Malaysia
MYT Mayotte
NAM Namibia
NCL New Caledonia
NER Niger
NFK Norfolk Island
NGA Nigeria
NIC Nicaragua
NIU Niue
NLD Netherlands
NOR Norway
NPL Nepal
NRU Nauru
NZL New Zealand
OMN Oman
PAK Pakistan
PAN Panama
PCN Pitcairn
PER Peru
PHL Philippines
PLW Palau
PNG Papua New Guinea
POL Poland
PRI Puerto Rico
PRK Korea, Democratic People's Republic of
PRT Portugal
PRY Paraguay
PSE Palestine, State of
PYF French Polynesia
QAT Qatar
REU Réunion
ROU Romania
RUS Russian Federation
RWA Rwanda
SAU Saudi Arabia
SDN Sudan
SEN Senegal
SGP Singapore
SGS South Georgia and the South Sandwich Islands
SHN Saint Helena, Ascension and Tristan da Cunha
SJM Svalbard and Jan Mayen
SLB Solomon Islands
SLE Sierra Leone
SLV El Salvador
SMR San Marino
SOM Somalia
SPM Saint Pierre and Miquelon
SRB Serbia
SSD South Sudan
STP Sao Tome and Principe
SUR Suriname
SVK Slovakia
SVN Slovenia
SWE Sweden
SWZ Eswatini
SXM Sint Maarten (Dutch part)
SYC Seychelles
SYR Syrian Arab Republic
TCA Turks and Caicos Islands
TCD Chad
TGO Togo
THA Thailand
TJK Tajikistan
TKL Tokelau
TKM Turkmenistan
TLS Timor-Leste
TON Tonga
TTO Trinidad and Tobago
TUN Tunisia
TUR Türkiye
TUV Tuvalu
TWN Taiwan
TZA Tanzania
UGA Uganda
UKR Ukraine
UMI United States Minor Outlying Islands
URY Uruguay
USA United States of America
UZB Uzbekistan
VAT Holy See
VCT Saint Vincent and the Grenadines
VEN Venezuela
VGB Virgin Islands (British)
VIR Virgin Islands (U.S.)
VNM Viet Nam
VUT Vanuatu
WLF Wallis and Futuna
WSM Samoa
YEM Yemen
ZAF South Africa
ZMB Zambia
ZWE Zimbabwe
"""
