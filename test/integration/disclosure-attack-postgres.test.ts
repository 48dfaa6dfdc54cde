// The disclosure attacker on PostgreSQL (test/support/disclosure-attack-suite.ts).
import { describeDisclosureAttack } from '../support/disclosure-attack-suite.ts';

describeDisclosureAttack('postgres');
