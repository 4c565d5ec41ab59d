import { authorizationServerMetadata } from "@/lib/api/metadata";
import { apiIssuer } from "@/lib/edge/access-token";

export const dynamic = "force-dynamic";

export function GET(req: Request): Response {
  return Response.json(authorizationServerMetadata(apiIssuer(req)), {
    headers: { "cache-control": "public, max-age=3600" },
  });
}
