namespace Rapport.Features.Competence;

/// <summary>One assessable item of a standard: a performance criterion (PC) or, for 003 which has none, a key concept (KC).</summary>
public sealed record Criterion(string Standard, string Code, string Text)
{
    /// <summary>The criterion's id across standards, e.g. <c>000-PC15</c>.</summary>
    public string Id => $"{Standard}-{Code}";
}

/// <summary>
/// The performance criteria of the five standards in /work/shared/standards, copied here once (the product never reads
/// the standards files at runtime). StandardCriteriaTests parses the files when they are present and fails when this
/// table no longer matches them. Standard 003 is a revision synopsis without performance criteria: its key concepts
/// stand in for them.
/// </summary>
public static class StandardCriteria
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        ["000"] = "Develop and maintain relationships with remote customers (PPLTT52)",
        ["001"] = "Developing and maintaining effective customer relationships",
        ["002"] = "Improve the customer relationship (PPLHSL23L)",
        ["003"] = "Developing and maintaining customer relationships: key concepts (including LAST for complaints)",
        ["004"] = "Develop customer relationships (Customer Service Foundations)",
    };

    public static readonly IReadOnlyList<Criterion> All =
    [
        new("000", "PC1", "Check the remote communication channel where required is functioning"),
        new("000", "PC2", "Greet and address the remote customers in accordance with organisational procedure"),
        new("000", "PC3", "If a colleague is monitoring your interaction with the remote customer or the interaction is being recorded, inform and obtain the customers agreement where required in line with your organisation's requirements"),
        new("000", "PC4", "Establish the remote customers' requirements in line with organisational procedures"),
        new("000", "PC5", "Communicate with remote customers in a way which develops and maintains positive relationships with them and promotes the customer service values of your organisation"),
        new("000", "PC6", "Adapt your approach with your remote customers according to their needs and in line with your organisation’s procedures"),
        new("000", "PC7", "Acknowledge the points raised, responses made and your understanding of the requirements of face-to-face customers throughout the interaction"),
        new("000", "PC8", "Where necessary, manage switches between communication channels to make the process as seamless as possible for customers"),
        new("000", "PC9", "Confirm the different ways of meeting remote customers’ needs and take action accordingly"),
        new("000", "PC10", "Explain any delay in responding to remote customers' needs"),
        new("000", "PC11", "Maintain the flow of dialogue to keep customers informed of relevant actions being undertaken as the interaction progresses"),
        new("000", "PC12", "Use the remote resources in line with organisational procedures"),
        new("000", "PC13", "Provide information to customers in line with their needs and in a way which helps them understand"),
        new("000", "PC14", "Where necessary, refer the remote customers to colleagues, explaining the reasons for the referral, in accordance with organisational procedures"),
        new("000", "PC15", "Carry out any undertakings made to remote customers within the timescale indicated"),
        new("000", "PC16", "Maintain confidentiality in line with organisational requirements and relevant legislation"),
        new("000", "PC17", "Update and maintain customer records in line with organisational procedures and current data protection legislation"),
        new("001", "PC1", "establish and maintain effective and productive working relationships"),
        new("001", "PC2", "communicate effectively with relevant people"),
        new("001", "PC3", "resolve disagreements in an amicable and constructive way so that good relationships are maintained"),
        new("001", "PC4", "keep others informed about work plans or activities which affect them"),
        new("001", "PC5", "seek assistance from others in a polite and courteous way without causing undue disruption to normal working activities"),
        new("001", "PC6", "respond in a timely and positive way when others ask for help or information"),
        new("002", "PC1", "Select and use the best method of communication to meet your customers' expectations"),
        new("002", "PC2", "Take the initiative to contact your customers to update them when things are not going to plan or when you require further information"),
        new("002", "PC3", "Adapt your communication to respond to individual customer's feelings"),
        new("002", "PC4", "Meet your customers' expectations within your organisation's service offer"),
        new("002", "PC5", "Explain the reasons to your customers sensitively and positively when their expectations cannot be met"),
        new("002", "PC6", "Identify alternative solutions for your customers either within or outside the organisation"),
        new("002", "PC7", "Identify the costs and benefits of these solutions to your organisation and to your customers"),
        new("002", "PC8", "Negotiate and agree solutions with your customers which satisfy them and are acceptable to your organisation"),
        new("002", "PC9", "Take action to satisfy your customers with the agreed solution"),
        new("002", "PC10", "Make extra efforts to improve your relationship with your customers"),
        new("002", "PC11", "Recognise opportunities to exceed your customers' expectations"),
        new("002", "PC12", "Take action to exceed your customers' expectations within the limits of your own authority"),
        new("002", "PC13", "Gain the help and support of others to exceed your customers' expectations"),
        new("003", "KC1", "Customer needs and expectations: Understanding that customers have specific needs (e.g., product information, problem resolution) and expectations (e.g., prompt service, politeness) that must be met to ensure satisfaction."),
        new("003", "KC2", "Effective communication: Using verbal and non-verbal skills, active listening, and clear language to interact with customers appropriately, adapting style to different situations."),
        new("003", "KC3", "Complaint handling: Following a structured process (e.g., listen, apologise, resolve, follow up) to turn negative experiences into positive outcomes, while adhering to company policy."),
        new("003", "KC4", "Customer service standards: Knowing the importance of setting and meeting service standards (e.g., response times, quality benchmarks) to maintain consistency and professionalism."),
        new("003", "KC5", "Legal and regulatory requirements: Awareness of key legislation such as the Consumer Rights Act 2015, Data Protection Act 2018, and Equality Act 2010, and how they affect customer interactions."),
        new("004", "PC1", "explain your organisation's products and services to customers"),
        new("004", "PC2", "communicate with your customers to build and maintain their confidence in your organisation's products and services"),
        new("004", "PC3", "estimate the time you require to deal with customers to meet their needs and expectations"),
        new("004", "PC4", "reassure customers that you are doing everything possible to keep your organisation's promises to them"),
        new("004", "PC5", "identify conflicts between customer expectations and your organisation's products and services"),
        new("004", "PC6", "explain the limits of the products and services your organisation offers to customers"),
        new("004", "PC7", "manage customer expectations by offering an alternative product or service when required"),
        new("004", "PC8", "resolve any difficulties in meeting customer expectations"),
        new("004", "PC9", "refer any difficulties that you cannot resolve, or are outside your level of authority, to colleagues"),
        new("004", "PC10", "give additional help and information to customers to respond to their questions and comments about your organisation's services or products"),
        new("004", "PC11", "discuss customers' expectations with them and explain how these compare with your organisation's products and services"),
        new("004", "PC12", "share feedback received from your customers with colleagues"),
        new("004", "PC13", "identify new ways of helping your customers based on the feedback they have given you"),
        new("004", "PC14", "identify added value that your organisation could offer to long-term customers"),
        new("004", "PC15", "follow the legal, organisational, codes of practice and policies relevant to your role and the activities being carried out"),
    ];

    /// <summary>The behaviours of standard 000 (B1–B10), word for word: the default quality scorecard is built from them.</summary>
    public static readonly IReadOnlyList<string> Behaviours000 =
    [
        "Introduce yourself positively, concisely and clearly using words accepted by your organisation; reflecting an interest in the customers' needs using your tone of voice, inflection and language",
        "Handle the conversation in a professional manner and at a pace to suit the needs of customers throughout the conversation",
        "Close conversations effectively and on a positive note, using words accepted by your organisation",
        "Communicate clearly and concisely and at a pace to suit customers whilst maintaining control of the conversation",
        "Use appropriate questions to obtain relevant information and to clarify customers' requirements",
        "Choose words that fit with customers' level of understanding and avoid the use of jargon",
        "Acknowledge and confirm regularly throughout the conversation, your understanding of what customers are saying",
        "Give responses that demonstrate empathy",
        "Take positive action to develop and maintain a supportive atmosphere with customers",
        "Remain calm and maintain an effective level of control for the conversation",
    ];
}
