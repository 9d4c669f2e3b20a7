// Utilities.formatDate: Java SimpleDateFormat patterns (the common letters) in an IANA or GMT±hh:mm time zone.

interface Fields {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number; // 0-23
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 1 = Monday … 7 = Sunday
  dayOfYear: number;
  offsetMinutes: number;
  zoneName: string;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "GMT+2", "GMT-05:30", "UTC+1" → minutes; null for other names. */
function fixedOffset(zone: string): number | null {
  if (/^(GMT|UTC|Z)$/i.test(zone)) return 0;
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        timeZoneName: "short",
      });
    } catch {
      return null;
    }
    formatters.set(zone, f);
  }
  return f;
}

function fields(ms: number, zone: string): Fields {
  const fixed = fixedOffset(zone);
  const formatter = fixed === null ? zoneFormatter(zone) : null;
  let offsetMinutes = fixed ?? 0;
  let zoneName = fixed === null ? "GMT" : zone.toUpperCase() === "UTC" ? "UTC" : "GMT";
  if (formatter) {
    const parts: Record<string, string> = {};
    for (const p of formatter.formatToParts(new Date(ms))) parts[p.type] = p.value;
    const wall = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    offsetMinutes = Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60000);
    zoneName = parts.timeZoneName ?? zoneName;
  } else if (fixed !== null && fixed !== 0) {
    zoneName = `GMT${offsetText(fixed, true)}`;
  }
  // Unknown zone names fall back to GMT, as Java's TimeZone.getTimeZone does (inferred for Apps Script).
  const local = new Date(ms + offsetMinutes * 60000);
  const year = local.getUTCFullYear();
  const startOfYear = Date.UTC(year, 0, 1);
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    ms: local.getUTCMilliseconds(),
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
    dayOfYear: Math.floor((local.getTime() - startOfYear) / 86400000) + 1,
    offsetMinutes,
    zoneName,
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function offsetText(minutes: number, colon: boolean, hoursOnly = false): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const h = pad(Math.floor(abs / 60), 2);
  if (hoursOnly) return `${sign}${h}`;
  return `${sign}${h}${colon ? ":" : ""}${pad(abs % 60, 2)}`;
}

function token(letter: string, count: number, f: Fields): string {
  switch (letter) {
    case "G":
      return "AD";
    case "y":
    case "Y":
    case "u":
      if (letter === "u") return String(f.weekday);
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case "M":
    case "L":
      if (count >= 4) return MONTHS[f.month - 1] as string;
      if (count === 3) return (MONTHS[f.month - 1] as string).slice(0, 3);
      return pad(f.month, count);
    case "d":
      return pad(f.day, count);
    case "D":
      return pad(f.dayOfYear, count);
    case "E":
      return count >= 4
        ? (DAYS[f.weekday - 1] as string)
        : (DAYS[f.weekday - 1] as string).slice(0, 3);
    case "a":
      return f.hour < 12 ? "AM" : "PM";
    case "H":
      return pad(f.hour, count);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case "K":
      return pad(f.hour % 12, count);
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case "m":
      return pad(f.minute, count);
    case "s":
      return pad(f.second, count);
    case "S":
      return pad(f.ms, count);
    case "z":
      return f.zoneName;
    case "Z":
      return offsetText(f.offsetMinutes, false);
    case "X":
      if (f.offsetMinutes === 0) return "Z";
      return offsetText(f.offsetMinutes, count >= 3, count === 1);
    default:
      throw new Error(`Illegal pattern character '${letter}'`);
  }
}

/** Formats like Java's SimpleDateFormat: letters repeat for width, '…' quotes literal text, '' is a quote. */
export function formatDate(ms: number, timeZone: string, pattern: string): string {
  const f = fields(ms, timeZone);
  let out = "";
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      // Inside quotes, '' is a literal quote.
      let j = i + 1;
      let text = "";
      for (;;) {
        const close = pattern.indexOf("'", j);
        if (close < 0) throw new Error("Unterminated quote");
        text += pattern.slice(j, close);
        if (pattern[close + 1] === "'") {
          text += "'";
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      out += text;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      out += token(c, n, f);
      i += n;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
