import { jwks } from "@/lib/api/metadata";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { keys, maxAge } = await jwks();
  return Response.json({ keys }, { headers: { "cache-control": `public, max-age=${maxAge}` } });
}
