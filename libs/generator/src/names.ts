/**
 * Small embedded name lists. Small on purpose: name collisions between different people are realistic and
 * are exactly what matching must survive with the other attributes (birth date, address, phone).
 */

/** Formal first name → nicknames a source might hold instead (Bob for Robert...). */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Robert: ['Bob', 'Rob', 'Bobby'],
  William: ['Bill', 'Will', 'Billy'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie', 'Betty'],
  Margaret: ['Maggie', 'Meg', 'Peggy'],
  Richard: ['Rick', 'Rich', 'Dick'],
  James: ['Jim', 'Jamie'],
  John: ['Jack', 'Johnny'],
  Michael: ['Mike', 'Mick'],
  Katherine: ['Kate', 'Kathy', 'Katie'],
  Jennifer: ['Jen', 'Jenny'],
  Thomas: ['Tom', 'Tommy'],
  Christopher: ['Chris'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Edward: ['Ed', 'Ted', 'Eddie'],
  Alexander: ['Alex', 'Sandy'],
  Samuel: ['Sam'],
  Benjamin: ['Ben'],
  Joseph: ['Joe'],
  Patricia: ['Pat', 'Trish'],
  Susan: ['Sue', 'Susie'],
  Rebecca: ['Becky', 'Becca'],
  Victoria: ['Vicky', 'Tori'],
  Alexandra: ['Alex', 'Lexi'],
  Catherine: ['Cathy', 'Kate'],
  Deborah: ['Debbie', 'Deb'],
  Jessica: ['Jess'],
  Samantha: ['Sam'],
  Charlotte: ['Lottie', 'Charlie'],
  Nicholas: ['Nick'],
  Andrew: ['Andy', 'Drew'],
  Stephen: ['Steve'],
  Timothy: ['Tim'],
  Jonathan: ['Jon'],
  Peter: ['Pete'],
  Frederick: ['Fred', 'Freddie'],
  Henry: ['Harry', 'Hal'],
  Eleanor: ['Ellie', 'Nell'],
  Abigail: ['Abby'],
};

const WITHOUT_NICKNAME = [
  'Olivia', 'Sophie', 'Emily', 'Grace', 'Chloe', 'Priya', 'Aisha', 'Mohammed', 'Oliver', 'George', 'Noah', 'Arjun',
  'Fatima', 'Siobhan', 'Niamh', 'Connor', 'Rhys', 'Megan', 'Zara', 'Yusuf', 'Wei', 'Mei', 'Amara', 'Tariq', 'Freya',
  'Isla', 'Ravi', 'Anna', 'Lucas', 'Hannah',
];

export const FIRST_NAMES: readonly string[] = [...Object.keys(NICKNAMES), ...WITHOUT_NICKNAME];

/** Includes apostrophes, hyphens and spaces: they test CSV quoting and the transform's name normalisation. */
export const LAST_NAMES: readonly string[] = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Patel', 'Khan', 'Lewis',
  'James', 'Phillips', 'Mason', 'Mitchell', 'Morgan', 'Hughes', 'Edwards', 'Hill', 'Moore', 'Harrison', 'Scott',
  'Young', 'Morris', 'Ward', 'Turner', 'Carter', 'Cooper', 'Kelly', 'Bennett', 'Murphy', "O'Brien", "O'Neill",
  'Singh', 'Ahmed', 'Ali', 'Begum', 'Chen', 'Nowak', 'Kowalski', 'MacDonald', 'McKenzie', 'Fraser', 'Campbell',
  'Stewart', 'Reid', 'Murray', 'Baker', 'Price', 'Griffiths', 'Lloyd', 'Owen', 'Shaw', 'Chapman', 'Ellis', 'Fox',
  'Knight', 'Bell', 'Russell', 'Marshall', 'Dixon', 'Palmer', 'Holmes', 'Lloyd-Jones', 'Smyth', 'de Souza',
  'Van der Berg', 'Okafor', 'Adeyemi', 'Nguyen',
];

export const MIDDLE_NAMES: readonly string[] = [
  'Anne', 'Marie', 'Louise', 'James', 'John', 'Edward', 'Rose', 'May', 'Alexander', 'Grace', 'David', 'Jane', 'Lee',
  'Kumar', 'Elizabeth', 'Thomas',
];
