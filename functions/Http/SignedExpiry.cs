using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Sluice.Functions.Http;

/// <summary>
/// The expiry of a pre-signed URL as Zaqar reads it (zaqar/common/urls.py), on share and on use alike: a value
/// Python's <c>int()</c> takes (other than 0) is refused, anything else is ISO 8601 as oslo's
/// <c>timeutils.parse_isotime</c> reads it (the iso8601 package: UTC unless a zone is given), normalized to UTC.
/// </summary>
internal static partial class SignedExpiry
{
    private const string Format = "yyyy-MM-ddTHH:mm:ss";

    /// <summary>The expiry as signed and answered: UTC, whole seconds, no zone.</summary>
    public static string Normalize(DateTime utc) => utc.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Null when <paramref name="text"/> is an expiry (then <paramref name="utc"/>), else Zaqar's error text.</summary>
    public static string? Parse(string text, out DateTime utc)
    {
        utc = default;
        if (Integer().IsMatch(text) && BigInteger.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite
            | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture) is var integer && !integer.IsZero)
        {
            return NotAnInteger(integer.ToString(CultureInfo.InvariantCulture));
        }
        var unparsable = "Unable to parse date string " + PythonRepr.Of(text);
        // Headers and bodies are bounded anyway; the longest form Zaqar reads is far shorter.
        if (text.Length > 64 || Iso8601().Match(text) is not { Success: true } m) return unparsable;
        try
        {
            var fraction = m.Groups["fraction"].Value;
            var local = new DateTime(Int(m, "year", 1), Int(m, "month", Int(m, "monthdash", 1)), Int(m, "day", Int(m, "daydash", 1)),
                Int(m, "hour", 0), Int(m, "minute", 0), Int(m, "second", 0), DateTimeKind.Utc)
                .AddTicks(fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0')[..7], CultureInfo.InvariantCulture));
            var offset = m.Groups["tzsign"].Success
                ? (m.Groups["tzsign"].Value == "-" ? -1 : 1) * new TimeSpan(Int(m, "tzhour", 0), Int(m, "tzminute", 0), 0)
                : TimeSpan.Zero;
            if (offset.Duration() >= TimeSpan.FromDays(1)) return unparsable;
            utc = local - offset;
            return null;
        }
        catch (ArgumentOutOfRangeException)
        {
            // A month 13, a day 31 of April, an hour 24, or a date moved out of range by its zone: Python refuses these too.
            return unparsable;
        }
    }

    /// <summary>What a number in <c>expires</c> is told (a JSON number is read with Python's int() too).</summary>
    public static string NotAnInteger(string value) =>
        $"`expires` should be date format, for example 2016-01-01T00:00:00, not integer value: {value}";

    private static int Int(Match m, string group, int absent) =>
        m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : absent;

    /// <summary>What Python's int() reads from a string: optional blanks and sign, digits with single underscores between them.</summary>
    [GeneratedRegex(@"\A[ \t\n\v\f\r]*[+-]?[0-9]+(_[0-9]+)*[ \t\n\v\f\r]*\z", RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    /// <summary>The iso8601 package's pattern (iso8601/iso8601.py), group for group: the date, then optionally a time, then optionally a zone.</summary>
    [GeneratedRegex("""
        \A(?<year>[0-9]{4})
        (
          (-(?<monthdash>[0-9]{1,2}) | (?<month>[0-9]{2})(?!\z))
          (
            (-(?<daydash>[0-9]{1,2}) | (?<day>[0-9]{2}))
            (
              (?<separator>[ T])
              (?<hour>[0-9]{2})
              (:?(?<minute>[0-9]{2}))?
              (:?(?<second>[0-9]{1,2})([.,](?<fraction>[0-9]+))?)?
              (?<timezone>Z | ((?<tzsign>[-+])(?<tzhour>[0-9]{2}):?(?<tzminute>[0-9]{2})?))?
            )?
          )?
        )?\z
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();
}
