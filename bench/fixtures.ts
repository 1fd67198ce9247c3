/**
 * Live-shaped bodies for the benchmark server and the decode case: the keys, nesting, nulls and undeclared
 * fields of the recorded Rockset responses (reference §3), with made-up values.
 */

const organization = (detailed: boolean) =>
  detailed
    ? {
      id: "org-5f0c2a7e",
      created_at: "2021-04-12T09:31:07Z",
      display_name: "Example Org",
      company_name: "Example Inc.",
      external_id: "ext-8842",
      rockset_user: null,
      always_gen2_vis: null,
      always_intel_ice_lake_vis: false,
      state: "PAID",
      edition: "PREMIUM",
      mfa_restricted: null,
      currency_code: null,
      deletion_scheduled_at: null,
      clusters: [{
        public_endpoint_disabled: false,
        private_link_enabled: false,
        private_link_url: null,
        id: "6a7b3c1e-2f44-4b8a-9c0d-5e6f7a8b9c0d",
        cluster_type: "PUBLIC",
        aws_region: "us-west-2",
        domain: "rockset",
        top_level_domain: "com",
        apiserver_url: "api.usw2a1.rockset.com",
        gen2_vis_available: null,
        intel_ice_lake_vis_available: true,
        gen2_vis_enabled: null,
        intel_ice_lake_vis_enabled: false
      }],
      aws_marketplace_customer_id: null,
      sso_connection: null,
      sso_only: null
    }
    : {
      id: "org-5f0c2a7e",
      created_at: null,
      display_name: null,
      company_name: null,
      external_id: null,
      rockset_user: null,
      always_gen2_vis: null,
      always_intel_ice_lake_vis: null,
      state: null,
      edition: null,
      mfa_restricted: null,
      currency_code: null,
      deletion_scheduled_at: null,
      clusters: [],
      aws_marketplace_customer_id: null,
      sso_connection: null,
      sso_only: null
    }

/** A user as `GET /users/{user}` and `GET /users` return it (the organisation mostly `null`). */
export const user = (index: number, detailed = false) => {
  const accepted = index % 3 !== 0
  return {
    created_at: "2023-08-23T18:58:26Z",
    email: `user${index}@example.com`,
    first_name: accepted ? "Ada" : null,
    last_name: accepted ? "Lovelace" : null,
    phone_number: null,
    roles: [index % 7 === 0 ? "admin" : index % 2 === 0 ? "member" : "read-only"],
    state: accepted ? "ACTIVE" : "NEW",
    org: "org-5f0c2a7e",
    invite_state: accepted ? "ACCEPTED" : "PENDING",
    orgs: null,
    org_memberships: [{
      organization: organization(detailed),
      roles: [index % 2 === 0 ? "member" : "read-only"],
      invite_state: accepted ? "ACCEPTED" : "PENDING",
      invited_by: "owner@example.com",
      email: null,
      expires_at: "2023-08-24T18:58:26Z",
      created_at: "2023-08-23T18:58:26Z"
    }],
    country: null,
    accepted_marketing_content: null
  }
}

/** `GET /users/{user}`: a bare user. */
export const getBody = (): string => JSON.stringify(user(1))

/** `GET /users`: `{ data: User[] }`. */
export const listBody = (count: number): string =>
  JSON.stringify({ data: Array.from({ length: count }, (_, index) => user(index)) })

/** `POST /users`: `{ data: User }`, the created user with its organisation in full. */
export const createBody = (): string => JSON.stringify({ data: { ...user(2, true), state: "NEW" } })

/** The list sizes the server serves, chosen by a path prefix (`/l50`, `/l10000`). */
export const listSizes = [50, 10_000] as const

export const apiKey = "bench0123456789abcdefABCDEF0123456789abcdefABCDEF0123456789abcd"
export const email = "ada.lovelace+bench@example.com"
export const createInput = { email: "ada.lovelace+new@example.com", roles: ["member"] as [string] }
