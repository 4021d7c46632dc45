/**
 * The pages' Swedish words for the codes the services use: staff never see a code
 * (`training_flat` is "träningslägenhet"). The engine's own explanations are not worded here:
 * they arrive as text from `src/domain/match` and are shown as they are.
 */
import type { Role } from '../../domain/roles.ts'
import type {
  ContractForm,
  DeclineReason,
  Decliner,
  OfferStatus,
  OverrideReason,
  PlacementEndReason,
  ProposalStatus,
  RejectReason,
  RoundStatus,
} from '../../domain/round-lifecycle.ts'

export const roleNames: Record<Role, string> = {
  admin: 'administratör',
  allocator: 'boendesamordnare',
  caseworker: 'socialsekreterare',
  analyst: 'analytiker',
  obo: 'ÖBO (system)',
}

/** A round's state as a tag: text, never colour alone. */
export const roundStatusTags: Record<RoundStatus, string> = {
  queued: 'I kö',
  solving: 'Beräknas',
  proposed: 'Förslag att granska',
  closed: 'Avslutad',
  failed: 'Misslyckades',
  infeasible: 'Går inte att lösa',
}

export const proposalStatusTags: Record<ProposalStatus, string> = {
  pending: 'Föreslagen',
  approved: 'Godkänd',
  rejected: 'Avslagen',
  overridden: 'Ändrad',
}

export const offerStatusTags: Record<OfferStatus, string> = {
  open: 'Erbjuden, väntar på svar',
  accepted: 'Tackat ja',
  declined: 'Tackat nej',
  no_answer: 'Inget svar',
}

export const overrideReasonNames: Record<OverrideReason, string> = {
  urgent_need_not_in_score: 'Akut behov som poängen inte fångar',
  safety_concern: 'Säkerhetsskäl',
  support_match: 'Stödet passar bättre',
  circumstances_changed: 'Förhållandena har ändrats',
  other: 'Annat skäl (skriv i anteckningen)',
}

export const rejectReasonNames: Record<RejectReason, string> = {
  household_unreachable: 'Hushållet går inte att nå',
  information_outdated: 'Uppgifterna är inaktuella',
  support_not_in_place: 'Stödet är inte på plats',
  safety_concern: 'Säkerhetsskäl',
  landlord_objection: 'Hyresvärden invänder',
  other: 'Annat skäl (skriv i anteckningen)',
}

export const declineReasonNames: Record<DeclineReason, string> = {
  location: 'Läget',
  size_or_standard: 'Storlek eller standard',
  rent: 'Hyran',
  support_needs: 'Stödbehoven',
  household_circumstances_changed: 'Hushållets förhållanden har ändrats',
  landlord_refused: 'Hyresvärden sa nej',
  other: 'Annat skäl',
}

export const declinerNames: Record<Decliner, string> = {
  household: 'Hushållet',
  landlord: 'Hyresvärden',
}

export const landlordNames: Record<string, string> = {
  municipality: 'kommunen',
  obo: 'ÖBO',
  private: 'privat hyresvärd',
}

export const genderNames: Record<string, string> = {
  woman: 'kvinna',
  man: 'man',
  other: 'annat',
  unknown: 'okänt',
}

/** What the time of an audit row or a decision reads as: "2 december 2026 kl. 09:14" (Swedish time). */
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Stockholm',
})
export const fmtDateTime = (iso: string) => dateTimeFormat.format(new Date(iso))

/** A placement's contract form, as staff say it. */
export const contractFormNames: Record<ContractForm, string> = {
  first_hand: 'förstahandskontrakt',
  social_contract: 'socialt kontrakt',
  training: 'träningslägenhet',
  trial: 'försökslägenhet',
  housing_first: 'Bostad först (förstahandskontrakt)',
  supported_housing: 'stödboende',
}

/** Why a placement ended, as staff say it. */
export const endReasonNames: Record<PlacementEndReason, string> = {
  moved: 'flyttade till en ny placering',
  own_home: 'flyttade till en egen bostad',
  evicted: 'vräktes',
  left: 'lämnade lägenheten utan egen bostad',
  deceased: 'hyresgästen avled',
}
