import { apiRoute } from "@/lib/api/resource";
import { endSession } from "@/lib/api/v1";

export const DELETE = apiRoute("sessions:write", endSession);
