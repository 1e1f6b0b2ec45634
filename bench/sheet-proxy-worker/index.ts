// What sheet-to-JSON services do, for comparison with Liqaa's feed: on every
// request, fetch the Meetings tab from the Sheets API (here the local emulator)
// and turn its rows into JSON objects keyed by the header row. The access token
// is handed in by the bench, as such services keep one cached.
interface ProxyEnv {
  SHEETS_API_URL: string;
  SHEET_ID: string;
  ACCESS_TOKEN: string;
  TAB: string;
}

interface ValueRange {
  values?: string[][];
}

export default {
  async fetch(_request, env) {
    const url = `${env.SHEETS_API_URL}/v4/spreadsheets/${encodeURIComponent(env.SHEET_ID)}/values/${encodeURIComponent(env.TAB)}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${env.ACCESS_TOKEN}` } });
    if (!response.ok) return new Response(await response.text(), { status: 502 });
    const [headers = [], ...rows] = ((await response.json()) as ValueRange).values ?? [];
    const items = rows.map((row) => Object.fromEntries(headers.map((h, i) => [h, row[i] ?? ""])));
    return Response.json(items);
  },
} satisfies ExportedHandler<ProxyEnv>;
