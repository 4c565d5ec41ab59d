import { apiRoute } from "@/lib/api/resource";
import { sessions } from "@/lib/api/v1";

export const GET = apiRoute("sessions:read", sessions);
