namespace Godwit.Demo.Seeding;

/// <summary>The fixed vocabulary of the travel agency: where it goes, where its customers live, what they ask for.</summary>
internal static class TravelCatalog
{
    /// <summary>Bogus locales paired with the country the customer lives in; several write names outside ASCII.</summary>
    public static readonly (string Locale, string Country)[] Markets =
    [
        ("en_US", "US"), ("en_GB", "GB"), ("en_AU", "AU"), ("fr", "FR"), ("de", "DE"), ("es", "ES"), ("it", "IT"),
        ("tr", "TR"), ("ja", "JP"), ("ko", "KR"), ("id_ID", "ID"), ("vi", "VN"), ("pt_BR", "BR"), ("nb_NO", "NO"),
        ("pl", "PL"), ("el", "GR"),
    ];

    public static readonly string[] Destinations =
    [
        "Auckland & the Bay of Islands", "Queenstown", "Lyon & the Rhône", "Bali", "Kyoto", "Alaska's Inside Passage",
        "Yellow Sea coast", "Reykjavík & the Golden Circle", "Marrakech", "Cusco & Machu Picchu", "Patagonia", "Cape Town",
        "Zanzibar", "Hanoi & Hạ Long Bay", "Lisbon", "Porto & the Douro", "Seville", "Istanbul", "Cappadocia", "Santorini",
        "Dubrovnik", "Tromsø", "Lofoten", "Banff & Jasper", "Yosemite", "New Orleans", "Havana", "Oaxaca", "Galápagos",
        "Rio de Janeiro", "Kruger Park", "Serengeti", "Petra & Wadi Rum", "Jaipur & Udaipur", "Kerala backwaters",
        "Luang Prabang", "Uluru", "Tasmania", "Fiji", "Tahiti", "Hokkaidō", "Jeju", "Zermatt", "Kraków", "Tallinn",
        "Ōsaka", "Mendoza", "Svalbard", "Okavango Delta", "Siem Reap",
    ];

    public static readonly string?[] Diets = [null, null, "vegetarian", "vegan", "halal", "kosher", "gluten-free"];

    public static readonly string?[] Requests =
    [
        null, "window seat, please", "travelling with a toddler", "celebrating an anniversary 🎉", "needs wheelchair assistance",
        "late check-in", "allergic to peanuts", "first trip abroad",
    ];

    public static readonly string[] EmailDomains = ["example.com", "example.org", "example.net", "mail.example"];
}
