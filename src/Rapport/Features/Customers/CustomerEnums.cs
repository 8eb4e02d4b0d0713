namespace Rapport.Features.Customers;

/// <summary>A person or an organisation.</summary>
public enum PartyType { Person, Organisation }

/// <summary>Who the customer is to us (standard 001 scope: external and internal customers, contractors, other companies).</summary>
public enum CustomerKind { External, Colleague, Supervisor, Department, Contractor, OtherCompany }

public enum ContactPointType { Email, Phone, Social, Postal }

/// <summary>Who may read a confidential detail: organisation-confidential or customer-confidential (standard 000 scope).</summary>
public enum Confidentiality { Organisation, Customer }

public enum Formality { Unknown, Formal, Informal }

public enum TechnicalAwareness { Unknown, Aware, Unaware }

public enum Channel { None, Email, Phone, Sms, Chat, Social, Video, Letter, WhatsApp, Messenger, Telegram }
