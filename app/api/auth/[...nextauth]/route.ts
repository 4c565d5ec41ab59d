import { handlers } from "@/lib/authjs";

export const { GET, POST } = handlers;
