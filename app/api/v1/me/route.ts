import { apiRoute } from "@/lib/api/resource";
import { me } from "@/lib/api/v1";

export const GET = apiRoute("profile", me);
