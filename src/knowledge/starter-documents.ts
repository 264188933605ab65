import type { KnowledgeCategory } from '../domain/department';

/** A starter knowledge base for demos and first runs; admins edit or replace it. */
export const STARTER_DOCUMENTS: ReadonlyArray<{
  title: string;
  category: KnowledgeCategory;
  tags: string[];
  content: string;
}> = [
  {
    title: 'Connecting to the VPN',
    category: 'IT',
    tags: ['vpn', 'remote'],
    content: [
      '# Installing the client',
      'Install the VPN client from the self-service portal. Sign in with your company account and approve the MFA prompt on your phone.',
      '# When the VPN times out',
      'Restart the VPN client, check that your internet connection works without the VPN, and approve the MFA prompt within 60 seconds. If it still times out, raise a ticket with the error message.',
    ].join('\n'),
  },
  {
    title: 'Passwords and locked accounts',
    category: 'IT',
    tags: ['password', 'account', 'mfa'],
    content: [
      '# Resetting your password',
      'Use the self-service password reset page with your registered phone number. New passwords need at least 12 characters.',
      '# Locked account',
      'After 5 wrong attempts the account locks for 15 minutes. If you need it sooner, raise a ticket and IT will unlock it after verifying your identity.',
      '# New phone and MFA',
      'Before you wipe your old phone, move your authenticator to the new one in the security settings page. If the old phone is gone, IT can reset MFA.',
    ].join('\n'),
  },
  {
    title: 'Printers',
    category: 'IT',
    tags: ['printer'],
    content: [
      '# Adding a printer',
      'Printers are added automatically on office networks. On a Mac, add them from the self-service app.',
      '# Paper jams and toner',
      'Open the front panel and follow the diagram on the display to clear a jam. Spare toner cartridges are in the supply room on every floor.',
    ].join('\n'),
  },
  {
    title: 'Annual leave',
    category: 'HR',
    tags: ['leave', 'vacation'],
    content: [
      '# Entitlement',
      'Full-time employees get 25 vacation days per calendar year; part-time employees get a proportional share.',
      '# Requesting leave',
      'Request vacation in the HR portal at least two weeks ahead. Your manager approves it.',
      '## Carry-over',
      'Up to 5 unused vacation days move to the next year and expire on 31 March.',
    ].join('\n'),
  },
  {
    title: 'Sick leave',
    category: 'HR',
    tags: ['sick', 'leave'],
    content: [
      'Tell your manager before 9:00 on the first day of absence.',
      'From the fourth day of absence, upload a doctor certificate in the HR portal.',
    ].join('\n'),
  },
  {
    title: 'Payroll and payslips',
    category: 'HR',
    tags: ['payroll', 'salary', 'payslip'],
    content: [
      '# Pay dates',
      'Salaries are paid on the 25th of each month, or the last working day before it.',
      '# Payslips',
      'Payslips appear in the HR portal two days before the pay date. If your payslip looks wrong, raise an HR ticket with the month and what differs.',
    ].join('\n'),
  },
  {
    title: 'Office basics',
    category: 'General',
    tags: ['office', 'badge'],
    content: [
      '# Badges',
      'Lost badges are replaced at reception; bring photo ID.',
      '# Opening hours',
      'The office is open from 7:00 to 20:00 on working days.',
    ].join('\n'),
  },
];
