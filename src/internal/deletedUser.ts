import type * as UsersSchema from "../UsersSchema.js"

/**
 * The user of a delete response as the live API answers it: every field `null` except `email`. The
 * emulator answers with it, and the client returns it when a repeated delete finds the user already gone.
 *
 * @internal
 */
export const deletedUser = (email: string): UsersSchema.User => ({
  created_at: null,
  email,
  first_name: null,
  last_name: null,
  phone_number: null,
  roles: null,
  state: null,
  org: null,
  invite_state: null,
  orgs: null,
  org_memberships: null,
  country: null,
  accepted_marketing_content: null
})
